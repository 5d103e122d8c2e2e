"""Fixed query counts whatever the data size: availability search, week calendar, booking."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services import booking
from services.availability import free_vehicles, period_of
from services.models import Booking
from tests.services.factories import BeneficiaryFactory, VehicleFactory, at

pytestmark = pytest.mark.django_db


def grow(antenna, people, vehicles):
    new_vehicles = [VehicleFactory(antenna=antenna) for _ in range(vehicles)]
    Booking.objects.bulk_create(
        Booking(antenna=antenna, vehicle=v, beneficiary=people[i % len(people)],
                period=period_of(at(day, 9), at(day, 12)))
        for i, v in enumerate(new_vehicles) for day in (0, 1, 2)
    )  # fmt: skip


def count(callable_):
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx)


def test_availability_is_one_query(antenna, person):
    grow(antenna, [person], 2)
    small = count(lambda: list(free_vehicles(antenna=antenna, start=at(1, 8), end=at(1, 10))))
    grow(antenna, [person], 20)
    large = count(lambda: list(free_vehicles(antenna=antenna, start=at(1, 8), end=at(1, 10))))
    assert small == large == 1


@pytest.mark.parametrize("page", ["services_week", "services_availability", "services_today"])
def test_pages_run_a_fixed_number_of_queries(client, world, antenna, person, page):
    from django.urls import reverse

    client.force_login(world.staff)
    path = reverse(page, kwargs={"antenna_slug": antenna.slug})
    params = {
        "start": at(1, 8).strftime("%Y-%m-%dT%H:%M"),
        "end": at(1, 10).strftime("%Y-%m-%dT%H:%M"),
    }
    grow(antenna, [person], 2)
    client.get(path, params)  # warm the session and caches
    small = count(lambda: client.get(path, params))
    grow(antenna, [BeneficiaryFactory(antenna=antenna) for _ in range(5)], 25)
    large = count(lambda: client.get(path, params))
    assert small == large


def test_booking_creation_query_count_is_fixed(antenna, person, django_assert_num_queries):
    vehicles = [VehicleFactory(antenna=antenna) for _ in range(2)]
    booking.book(vehicle=vehicles[0], beneficiary=person, start=at(5, 9), end=at(5, 10))
    grow(antenna, [person], 2)
    first = count(
        lambda: booking.book(vehicle=vehicles[0], beneficiary=person, start=at(1, 9), end=at(1, 12))
    )
    grow(antenna, [person], 30)
    second = count(
        lambda: booking.book(vehicle=vehicles[1], beneficiary=person, start=at(1, 9), end=at(1, 12))
    )
    # one of them queues the confirmation in the outbox; one locks the vehicle's row
    assert first == second <= 8
