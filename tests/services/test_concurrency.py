"""Truly concurrent attempts: 32 threads, each with its own PostgreSQL connection, released
together by a barrier. Exactly one wins; the others get the constraint's (or the lock's) message."""

import pytest

from services import booking, carpool, tus
from services.models import Booking, Ride, RidePassenger, ServiceSettings, Trip, TusMembership
from tests.concurrency import race
from tests.factories import commune
from tests.services.factories import BeneficiaryFactory, DriverFactory, VehicleFactory, at

ATTEMPTS = 32


@pytest.fixture
def setup(transactional_db, world):
    ServiceSettings.objects.create(
        antenna=world.antenna, require_ebike_training=False, require_licence_for_car=False
    )
    people = [BeneficiaryFactory(antenna=world.antenna) for _ in range(ATTEMPTS)]
    return world.antenna, people


def test_one_vehicle_slot_32_concurrent_bookings(setup):
    antenna, people = setup
    car = VehicleFactory(antenna=antenna)
    successes, errors = race(
        lambda i: booking.book(
            vehicle=car, beneficiary=people[i], start=at(1, 9 + i % 3), end=at(1, 13)
        ),
        ATTEMPTS,
    )
    assert len(successes) == 1
    assert Booking.objects.filter(vehicle=car).count() == 1
    assert errors == ["Ce véhicule est déjà réservé sur cette période."] * (ATTEMPTS - 1)


def test_last_carpool_seat_32_concurrent_requests(setup):
    antenna, people = setup
    driver = BeneficiaryFactory(antenna=antenna)
    ride = Ride.objects.create(
        antenna=antenna, driver_kind="beneficiary", driver_beneficiary=driver,
        origin=commune("67339"), destination=commune("67180"), departure=at(1, 7),
        seats=2, distance_km=20, rate_per_km="0.15",
    )  # fmt: skip
    carpool.book_seat(ride=ride, beneficiary=people[0])
    successes, errors = race(
        lambda i: carpool.book_seat(ride=ride, beneficiary=people[i]), ATTEMPTS
    )
    # people[0] already holds a seat: their attempt fails on the unique rule or on "complet".
    assert len(successes) == 1
    assert RidePassenger.objects.filter(ride=ride, status="booked").count() == 2
    assert len(errors) == ATTEMPTS - 1


def requested_trips(antenna, people, *, start, end):
    trips = []
    for person in people:
        TusMembership.objects.create(
            antenna=antenna, beneficiary=person, year=start.year, basis="residence"
        )
        trips.append(
            tus.request_trip(
                antenna=antenna, beneficiary=person, pickup=commune("67339"),
                dropoff=commune("67180"), start=start, end=end, purpose="care",
            )
        )  # fmt: skip
    return trips


def test_driver_slot_32_concurrent_acceptances(setup):
    antenna, people = setup
    driver = DriverFactory(antenna=antenna)
    trips = requested_trips(antenna, people, start=at(1, 9), end=at(1, 11))
    successes, errors = race(lambda i: tus.accept(trip=trips[i], driver=driver), ATTEMPTS)
    assert len(successes) == 1
    assert Trip.objects.filter(driver=driver, status="scheduled").count() == 1
    assert set(errors) == {"Ce·tte conducteur·rice a déjà un trajet à cet horaire."}


def test_rentals_and_trips_race_for_one_vehicle(setup):
    """Half the requests rent the car, half accept a TUS trip on it, all overlapping."""
    antenna, people = setup
    car = VehicleFactory(antenna=antenna)
    trips = requested_trips(antenna, people[1::2], start=at(1, 7), end=at(1, 12))
    drivers = [DriverFactory(antenna=antenna) for _ in trips]

    def attempt(i):
        if i % 2:
            return tus.accept(trip=trips[i // 2], driver=drivers[i // 2], vehicle=car)
        return booking.book(vehicle=car, beneficiary=people[i], start=at(1, 8), end=at(1, 18))

    successes, errors = race(attempt, ATTEMPTS)
    assert len(successes) == 1
    assert Booking.objects.filter(vehicle=car).exclude(status="cancelled").count() == 1
    assert (
        Trip.objects.filter(status="scheduled").count()
        + Booking.objects.filter(vehicle=car, kind="rental").count()
        == 1
    )
    assert set(errors) == {"Ce véhicule est déjà réservé sur cette période."}
