"""The canary crawler: a person of antenna A whose every field carries its own marker (names,
phone, e-mail, address, commune, birth date, notes…), with every object the victims modules
make around them (all with the pk VICTIM_PK). Then, as each role of antenna B, the social worker
of another structure inside A, the territory officer and an anonymous visitor, GET every page
and API route of the resolver, with A's slug or one's own and A's ids substituted. No marker
may appear in any answer (HTML, JSON, CSV, PDF text), and A's objects answer 404, or a redirect
to the login page for the anonymous visitor (an action refusing GET is POSTed, empty: the
all-routes test proves no POST changes anything).

A companion test proves the markers are there to be found: A's own manager sees each of them."""

import datetime
import re
from decimal import Decimal

import pytest

from antennas.models import Commune, Role
from beneficiaries.models import Beneficiary, Diagnostic, Note, Referral
from tests.factories import member
from tests.isolation import MARKER, VICTIM_PK
from tests.isolation.test_all_routes import _fill, _routes, _text
from tests.isolation.test_all_routes import victims as victims  # the fixture, reused

# Commune with a name found nowhere else: the canary's commune is a marker too.
CANARY_COMMUNE = "Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson"
FIELDS = {
    "last_name": "Kanarinom",
    "first_name": "Kanaprenom",
    "phone": "06 47 38 29 10",
    "email": "kanamel@example.org",
    "address": "12 rue Kanadresse",
    "disability_reason": "Kanahandicap",
    "consent_note": "Kanaconsentement",
    "birth_date": datetime.date(1931, 7, 19),
    "resources_yearly": Decimal("98765.43"),
}
TEXTS = {  # the rows around the person, each with its marker
    Note: {"text": "Kananote confidentielle"},
    Diagnostic: {"destinations": "Kanadestination"},
    Referral: {"reason": "Kanaorientation"},
}
# What each field looks like in an answer once spaces are removed (see _flat).
MARKERS = {
    "last_name": ["kanarinom"],
    "first_name": ["kanaprenom"],
    "phone": ["0647382910", "+33647382910"],
    "email": ["kanamel"],
    "address": ["kanadresse"],
    "disability_reason": ["kanahandicap"],
    "consent_note": ["kanaconsentement"],
    "birth_date": ["19/07/1931", "1931-07-19", "19juillet1931"],
    "resources_yearly": ["98765"],
    "commune": [re.sub(r"\s", "", CANARY_COMMUNE.lower())],
    "note": ["kananote"],
    "diagnostic": ["kanadestination"],
    "referral": ["kanaorientation"],
    "victims": [MARKER.lower()],
}


def _flat(text: str) -> str:
    """Lower case, without any space (French numbers and phones are spaced with NBSPs)."""
    return re.sub(r"[\s\u00a0\u202f.]", "", text.lower()).replace("&#x27;", "'")


def _found(text: str) -> list[str]:
    flat = _flat(text)
    return [field for field, forms in MARKERS.items() if any(_flat(form) in flat for form in forms)]


@pytest.fixture
def canary(world, victims):
    commune = Commune.objects.get(name=CANARY_COMMUNE)
    Beneficiary.objects.filter(pk=VICTIM_PK).update(commune=commune, **FIELDS)
    for model, fields in TEXTS.items():
        model.objects.filter(pk=VICTIM_PK).update(**fields)
    return Beneficiary.objects.get(pk=VICTIM_PK)


def _visitors(world):
    """name: (user or None, the slugs they walk with)."""
    neighbour = world.neighbour
    b_staff = member(neighbour, Role.STAFF, email="staff-b@example.org")
    b_social_worker = member(
        neighbour, Role.SOCIAL_WORKER, world.other_structure, email="sw-b@example.org"
    )
    own_b = {"antenna_slug": neighbour.slug, "territory_slug": world.territory.slug}
    return {
        "manager of antenna B": (world.neighbour_manager, own_b),
        "staff of antenna B": (b_staff, own_b),
        "social worker of antenna B": (b_social_worker, own_b),
        "social worker of another structure in A": (
            world.other_social_worker,
            {"antenna_slug": world.antenna.slug, "territory_slug": world.territory.slug},
        ),
        "territory officer": (
            world.officer,
            {"antenna_slug": neighbour.slug, "territory_slug": world.territory.slug},
        ),
        "anonymous": (None, own_b),
    }


def _answers_as_expected(response, anonymous: bool) -> bool:
    """An object of A: 404; for the anonymous visitor, 404 (API), 403 or the login page."""
    if response.status_code == 404:
        return True
    if anonymous and response.status_code == 403:
        return True
    return anonymous and response.status_code == 302 and "/accounts/login/" in response["Location"]


def _slug_sets(world, own):
    """With one's own slugs, and with A's (and A's territory)."""
    a = {"antenna_slug": world.antenna.slug, "territory_slug": world.territory.slug}
    return [own] if own == a else [own, a]


@pytest.mark.django_db
def test_no_role_outside_the_canarys_reach_reads_any_of_its_fields(client, world, canary):
    leaks, wrong_status, walked = [], [], 0
    for who, (user, own) in _visitors(world).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for values in _slug_sets(world, own):
            for route, _entry in _routes():
                path = _fill(route, values)
                if path is None:
                    continue
                response = client.get(path, follow=False)
                walked += 1
                found = _found(_text(response)) if response.status_code != 404 else []
                if found:
                    leaks.append(f"{who}: GET {path} -> {response.status_code} shows {found}")
                if response.status_code == 405:  # an action: its POST must not find A's object
                    response = client.post(path, follow=False)
                    walked += 1
                    if found := _found(_text(response)) if response.status_code != 404 else []:
                        leaks.append(f"{who}: POST {path} -> {response.status_code} shows {found}")
                names_a_object = "<int:" in route or "<uuid:" in route
                # The officer's territory rows (targets, reports) are the officer's own.
                own_rows = user == world.officer and path.startswith(("/t/", "/api/t/"))
                expected = _answers_as_expected(response, anonymous=user is None)
                if names_a_object and not own_rows and not expected:
                    method = response.request["REQUEST_METHOD"]
                    wrong_status.append(f"{who}: {method} {path} -> {response.status_code}")
    assert walked > 1000
    assert not leaks, "canary fields leaked:\n" + "\n".join(leaks)
    assert not wrong_status, "A's objects must answer 404:\n" + "\n".join(wrong_status)


@pytest.mark.django_db
def test_the_canary_is_seen_by_its_own_antenna(client, world, canary):
    """The crawl above could pass by showing nothing: A's manager finds every marker."""
    client.force_login(world.manager)
    seen: set[str] = set()
    values = {"antenna_slug": world.antenna.slug, "territory_slug": world.territory.slug}
    for route, _entry in _routes():
        path = _fill(route, values)
        if path is None or not path.startswith(("/a/", "/api/a/")):
            continue
        response = client.get(path)
        if response.status_code == 200:
            seen.update(_found(_text(response)))
    assert set(MARKERS) - seen == set()
