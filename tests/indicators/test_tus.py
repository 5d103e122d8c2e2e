"""The préfet's yearly TUS report: figures checked against what the test itself set up."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.tus import tus_figures
from tests.indicators.factories import (
    BeneficiaryFactory,
    DriverFactory,
    TusMembershipFactory,
    VehicleFactory,
    trip,
)


@pytest.fixture
def tus_year(world):
    antenna = world.antenna
    volunteer = DriverFactory(antenna=antenna, is_volunteer=True)
    other_volunteer = DriverFactory(antenna=antenna, is_volunteer=True)
    employee = DriverFactory(antenna=antenna, is_volunteer=False)
    DriverFactory(antenna=antenna, is_volunteer=True, is_active=False, left_on=date(2022, 12, 31))
    owned = VehicleFactory(antenna=antenna, seats=9)
    lent = VehicleFactory(antenna=antenna, seats=5, is_lent=True)
    alice, bruno, chloe = (BeneficiaryFactory(antenna=antenna) for _ in range(3))
    TusMembershipFactory(antenna=antenna, beneficiary=alice, year=2025, basis="residence")
    TusMembershipFactory(antenna=antenna, beneficiary=bruno, year=2025, basis="residence")
    TusMembershipFactory(antenna=antenna, beneficiary=chloe, year=2025, basis="resources")
    TusMembershipFactory(antenna=antenna, beneficiary=chloe, year=2024, basis="resources")
    common = {"antenna": antenna}
    # The volunteer drives three times: drivers must still be counted once each.
    trip(
        **common,
        beneficiary=alice,
        driver=volunteer,
        vehicle=owned,
        day=date(2025, 2, 3),
        km=Decimal("20.0"),
        contribution=Decimal("6.40"),
    )
    trip(
        **common,
        beneficiary=alice,
        driver=volunteer,
        vehicle=owned,
        day=date(2025, 2, 4),
        km=Decimal("30.0"),
        contribution=Decimal("9.60"),
    )
    trip(
        **common,
        beneficiary=bruno,
        driver=volunteer,
        vehicle=lent,
        day=date(2025, 5, 6),
        km=Decimal("40.0"),
        contribution=Decimal("10.00"),
    )
    trip(
        **common,
        beneficiary=chloe,
        driver=employee,
        vehicle=owned,
        day=date(2025, 9, 9),
        km=Decimal("10.0"),
        contribution=Decimal("3.20"),
    )
    trip(
        **common,
        beneficiary=chloe,
        driver=other_volunteer,
        vehicle=owned,
        day=date(2025, 9, 10),
        km=Decimal("50.0"),
        contribution=Decimal("0"),
        status="cancelled",
    )
    trip(**common, beneficiary=chloe, driver=other_volunteer, vehicle=owned,
         day=date(2024, 12, 30), km=Decimal("50.0"), contribution=Decimal("0"))  # fmt: skip
    return antenna


def test_tus_report_figures(tus_year):
    figures = tus_figures(antenna=tus_year, year=2025)
    assert figures["trips"] == 4
    assert figures["km"] == Decimal("100.0")
    assert figures["average_km"] == Decimal("25")
    assert figures["contributions"] == Decimal("29.20")
    assert figures["per_km"] == Decimal("0.292")
    assert figures["passengers"] == 3
    assert (figures["members_residence"], figures["members_resources"]) == (2, 1)
    assert figures["drivers"] == {
        "roster": 3,
        "roster_volunteers": 2,
        "drove": 2,
        "drove_volunteers": 1,
    }
    assert (figures["owned_vehicles"], figures["owned_seats"]) == (1, 9)
    assert (figures["lent_vehicles"], figures["lent_seats"]) == (1, 5)


def test_a_year_without_trips(tus_year):
    figures = tus_figures(antenna=tus_year, year=2023)
    assert figures["trips"] == 0 and figures["per_km"] is None
    assert figures["drivers"]["roster"] == 3
