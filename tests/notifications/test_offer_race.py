"""Concurrent clicks on real PostgreSQL: twelve drivers accept the same trip at once, each in
its own thread and connection, released together by a barrier. Exactly one gets the trip."""

from decimal import Decimal

import pytest

from notifications import offers, volunteers
from notifications.models import TripOffer
from services.models import ServiceSettings, Trip, TusMembership
from services.occupancy import period_of
from tests.concurrency import race
from tests.factories import commune
from tests.notifications.conftest import paris
from tests.services.factories import BeneficiaryFactory, DriverFactory

DRIVERS = 12
START, END = paris(2027, 3, 9, 14, 0), paris(2027, 3, 9, 16, 0)


@pytest.fixture
def offered(transactional_db, world):
    antenna = world.antenna
    ServiceSettings.objects.create(antenna=antenna)
    person = BeneficiaryFactory(antenna=antenna, first_name="Sonia")
    TusMembership.objects.create(antenna=antenna, beneficiary=person, year=2027, basis="resources")
    trip = Trip.objects.create(
        antenna=antenna, beneficiary=person, pickup=commune("67339"), dropoff=commune("67180"),
        period=period_of(START, END), distance_km=Decimal("20.0"),
    )  # fmt: skip
    drivers = []
    for i in range(DRIVERS):
        driver = DriverFactory(antenna=antenna, phone=f"06 12 00 00 {i:02d}")
        volunteers.declare(
            driver=driver, home=commune("67339"), max_km=30, email="", slots=[(1, "afternoon")]
        )
        drivers.append(driver)
    made = offers.send(trip=trip, driver_ids=[d.pk for d in drivers], by=world.staff).offers
    return trip, [offers.token_for(o) for o in made]


def test_twelve_drivers_accept_at_once_exactly_one_gets_the_trip(offered):
    trip, tokens = offered
    outcomes, errors = race(lambda i: offers.answer(token=tokens[i], accept=True), DRIVERS)
    assert errors == []
    answers = sorted(o.answer.value for o in outcomes)
    assert answers == ["accepted"] + ["taken"] * (DRIVERS - 1)
    [winner] = [o.offer for o in outcomes if o.answer is offers.Answer.ACCEPTED]
    trip.refresh_from_db()
    assert trip.status == Trip.Status.SCHEDULED and trip.driver_id == winner.driver_id
    assert TripOffer.objects.filter(trip=trip, status="accepted").get().pk == winner.pk
    assert TripOffer.objects.filter(trip=trip, status="taken").count() == DRIVERS - 1


def test_one_driver_tapping_twelve_times_schedules_once(offered):
    trip, tokens = offered
    outcomes, errors = race(lambda i: offers.answer(token=tokens[0], accept=True), DRIVERS)
    assert errors == [] and {o.answer.value for o in outcomes} == {"accepted"}
    assert TripOffer.objects.filter(trip=trip, status="accepted").count() == 1
    assert TripOffer.objects.filter(trip=trip, status="taken").count() == DRIVERS - 1
