"""Walk every URL pattern and API route as people who must not see antenna A's people: the
manager of antenna B (same territory), the manager of antenna C (another territory), a social
worker of another structure inside antenna A, and a territory officer. Every answer must be a
404 or carry none of the victim's personal data, and no request may change the victim's data.

Nothing here lists the routes: a new view is walked as soon as it is in urls.py."""

import importlib
import pkgutil
import subprocess
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests import isolation
from tests.isolation import MARKER, VICTIM_PK

SKIPPED_PREFIXES = ("admin/", "static/", "media/")  # the admin is for platform administrators


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _routes():
    seen = set()
    for route, entry in _walk(get_resolver()):
        if route.startswith(SKIPPED_PREFIXES) or route in seen:
            continue
        seen.add(route)
        yield route, entry


def _fill(route, values):
    """Turn 'a/<slug:antenna_slug>/x/<int:pk>/' into a path using `values` by kwarg name."""
    import re

    def replace(match):
        converter, name = match.group(1) or "str", match.group(2)
        if name in values:
            return str(values[name])
        if converter == "int":
            return str(VICTIM_PK)
        if converter == "uuid":
            return str(uuid.UUID(int=VICTIM_PK))
        if converter == "path":
            return "x"
        return "x" if name != "format" else "json"

    path = re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)
    if path.startswith("^") or "(?P<" in path:
        return None  # regex routes (DRF format suffixes) are walked through their plain form
    return "/" + path


def _text(response) -> str:
    """What a person would read in the answer: a PDF's text as pdftotext extracts it (its
    streams are compressed, so the marker would not show in the bytes)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        extracted = subprocess.run(
            ["pdftotext", "-", "-"], input=body, capture_output=True, check=True
        )
        return extracted.stdout.decode()
    return body.decode(errors="replace")


def _victim_modules():
    for info in pkgutil.iter_modules(isolation.__path__):
        if info.name.startswith("victims_"):
            yield importlib.import_module(f"tests.isolation.{info.name}")


@pytest.fixture
def victims(world):
    snapshots = []
    for module in _victim_modules():
        snapshots.extend(module.create(world))
    return snapshots


def _snapshot(objects):
    return [
        (
            type(obj).__name__,
            obj.pk,
            {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields},
        )
        for obj in (type(o).objects.filter(pk=o.pk).first() or o for o in objects)
    ]


def _attackers(world):
    return {
        "manager of a neighbour antenna": (
            world.neighbour_manager,
            world.neighbour.slug,
            world.territory.slug,
        ),
        "manager of another territory": (
            world.far_manager,
            world.far_antenna.slug,
            world.other_territory.slug,
        ),
        "social worker of another structure": (
            world.other_social_worker,
            world.antenna.slug,
            world.territory.slug,
        ),
        "territory officer": (world.officer, world.antenna.slug, world.territory.slug),
    }


@pytest.mark.django_db
def test_no_route_shows_another_antennas_people(client, world, victims):
    before = _snapshot(victims)
    assert before, "no victim objects were created"
    leaks, walked = [], 0
    for who, (user, own_antenna, own_territory) in _attackers(world).items():
        for antenna_slug in {world.antenna.slug, own_antenna}:
            for territory_slug in {world.territory.slug, own_territory}:
                values = {"antenna_slug": antenna_slug, "territory_slug": territory_slug}
                for route, _entry in _routes():
                    path = _fill(route, values)
                    if path is None:
                        continue
                    for method in ("get", "post"):
                        client.force_login(user)
                        response = getattr(client, method)(path, follow=False)
                        walked += 1
                        if response.status_code != 404 and MARKER in _text(response):
                            leaks.append(
                                f"{who}: {method.upper()} {path} -> {response.status_code}"
                            )
    assert walked > 0
    assert not leaks, "personal data leaked:\n" + "\n".join(leaks)
    assert _snapshot(victims) == before, "a request changed another antenna's data"


@pytest.mark.django_db
def test_the_victim_is_visible_to_its_own_team(client, world, victims):
    """The check above could pass by showing nothing to anyone, or by not reading PDFs: the
    antenna's own manager does find MARKER on pages and in PDFs."""
    client.force_login(world.manager)
    seen = {"html": [], "pdf": []}
    for route, _entry in _routes():
        path = _fill(
            route, {"antenna_slug": world.antenna.slug, "territory_slug": world.territory.slug}
        )
        if path is None or not path.startswith("/a/"):
            continue
        response = client.get(path)
        if response.status_code == 200 and MARKER in _text(response):
            kind = "pdf" if response["Content-Type"].startswith("application/pdf") else "html"
            seen[kind].append(path)
    assert seen["html"], "no page of antenna A shows the victim to its own manager"
    assert seen["pdf"], "no PDF of antenna A names the victim to its own manager"


@pytest.mark.django_db
def test_tenant_routes_are_404_for_outsiders(client, world):
    """Every /a/ and /t/ route answers 404 to someone without a membership there."""
    for route, _entry in _routes():
        path = _fill(
            route, {"antenna_slug": world.antenna.slug, "territory_slug": world.territory.slug}
        )
        if path is None:
            continue
        if not path.startswith(("/a/", "/api/a/", "/t/", "/api/t/")):
            continue
        client.force_login(world.far_manager)
        assert client.get(path).status_code == 404, path
