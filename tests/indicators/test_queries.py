"""The indicator pages and the figures endpoint run the same number of queries whatever the
volume of data: everything is grouped in SQL."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Report, Target
from tests.factories import AntennaFactory
from tests.indicators.factories import (
    BeneficiaryFactory,
    ProfessionalEventFactory,
    ServiceUseFactory,
)

PAGES = {
    "territory dashboard": ("officer", "/t/petr-test/?annee=2025"),
    "antenna indicators": ("manager", "/a/antenne-a/indicateurs/?annee=2025"),
    "reports": ("officer", "/t/petr-test/rapports/"),
    "API figures": ("officer", "/api/t/petr-test/indicators/figures/?year=2025"),
    "API antenna figures": ("manager", "/api/a/antenne-a/indicators/figures/?year=2025"),
    "API reports": ("officer", "/api/t/petr-test/indicators/reports/"),
}


def _grow(world, size):
    """`size` more people with uses and exits in both antennas, events, reports, targets."""
    AntennaFactory(territory=world.territory)
    for i in range(size):
        for antenna in (world.antenna, world.neighbour):
            person = BeneficiaryFactory(
                antenna=antenna,
                entry_date=date(2024 + i % 2, 1 + i % 12, 3),
                exit_date=date(2025, 11, 20) if i % 3 == 0 else None,
                exit_outcome="training" if i % 3 == 0 else "",
                gender="fmx"[i % 3],
            )
            ServiceUseFactory(
                antenna=antenna, beneficiary=person, used_on=date(2025, 1 + i % 12, 9)
            )
            ServiceUseFactory(
                antenna=antenna,
                beneficiary=person,
                service="carpooling",
                mode="carpool",
                occupants=2,
                used_on=date(2024, 6, 1),
            )
        ProfessionalEventFactory(antenna=world.antenna, structures=[world.structure])
        done = {"status": Report.Status.DONE, "file": "r.pdf", "checksum": "0" * 64}
        Report.objects.create(territory=world.territory, year=2021 + i % 5, **done)
        Report.objects.create(territory=world.territory, year=2021 + i % 5, error="panne")
    Target.objects.get_or_create(
        territory=world.territory, year=2025, indicator="uses", defaults={"value": size}
    )


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_the_data(client, world, page):
    who, path = PAGES[page]
    client.force_login(getattr(world, who))
    _grow(world, 2)
    client.get(path)  # the session's membership is stored on the first visit
    small = _count(client, path)
    _grow(world, 25)
    assert _count(client, path) == small
    assert small <= 45
