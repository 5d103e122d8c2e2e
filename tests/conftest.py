import inspect
import os
from dataclasses import dataclass

import pytest

from antennas.models import Role
from mobilex import system_packages
from tests.factories import AntennaFactory, StructureFactory, TerritoryFactory, commune, member

# Playwright's sync API runs an event loop in the test thread; the ORM is still used
# synchronously there, so Django's async-safety guard is lifted for the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """Without Chromium, the browser tests; without poppler, the tests that read PDFs with
    pdftotext: skipped, the reason saying what to install (`make test` installs them as root)."""
    missing = system_packages.missing()
    needs = {
        "chromium": lambda item: item.get_closest_marker("browser") is not None,
        "poppler-utils": lambda item: "pdftotext" in inspect.getsource(item.module),
    }
    for package, needed in needs.items():
        if package in missing:
            reason = f"{package} manquant : {system_packages.install_command([package])}"
            for item in items:
                if needed(item):
                    item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Unit tests run tasks in-process; tests/…/test_*worker* start a real worker instead."""
    from mobilex.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """allauth keeps its rate limits in the cache, and CI's Redis outlives a run: every test
    starts with an empty cache of its own."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):
    """The files a test writes (receipts, contracts, reports, uploads) go to a folder of its
    own. A receipt is filed by antenna id and number and, once written, is the one served: a
    new test database gives the same ids again, so a checkout's var/private from an earlier
    run served another test's receipt."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    """Two territories; the victim antenna A and its neighbour B in territory 1, C in territory 2.
    Structure S1 refers people to A; S2 works with A and B."""

    territory: object
    other_territory: object
    antenna: object
    neighbour: object
    far_antenna: object
    structure: object
    other_structure: object
    manager: object
    staff: object
    social_worker: object
    other_social_worker: object
    neighbour_manager: object
    far_manager: object
    officer: object


@pytest.fixture
def world(db):
    territory = TerritoryFactory(name="PETR de test", slug="petr-test")
    other_territory = TerritoryFactory(name="Autre territoire", slug="autre-territoire")
    antenna = AntennaFactory(territory=territory, name="Antenne A", slug="antenne-a")
    neighbour = AntennaFactory(
        territory=territory, name="Antenne B", slug="antenne-b", commune=commune("67046")
    )
    far_antenna = AntennaFactory(territory=other_territory, name="Antenne C", slug="antenne-c")
    structure = StructureFactory(name="Chantier S1", antennas=[antenna])
    other_structure = StructureFactory(name="CCAS S2", kind="ccas", antennas=[antenna, neighbour])
    return World(
        territory=territory,
        other_territory=other_territory,
        antenna=antenna,
        neighbour=neighbour,
        far_antenna=far_antenna,
        structure=structure,
        other_structure=other_structure,
        manager=member(antenna, Role.MANAGER, email="manager-a@example.org"),
        staff=member(antenna, Role.STAFF, email="staff-a@example.org"),
        social_worker=member(antenna, Role.SOCIAL_WORKER, structure, email="sw-s1@example.org"),
        other_social_worker=member(
            antenna, Role.SOCIAL_WORKER, other_structure, email="sw-s2@example.org"
        ),
        neighbour_manager=member(neighbour, Role.MANAGER, email="manager-b@example.org"),
        far_manager=member(far_antenna, Role.MANAGER, email="manager-c@example.org"),
        officer=member(territory, Role.OFFICER, email="officer@example.org"),
    )
