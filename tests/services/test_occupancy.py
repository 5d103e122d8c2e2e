"""The one occupancy rule: trips hold their vehicle like rentals, and a vehicle checked out is
held until it is back, whatever its planned end. PostgreSQL judges both."""

import re
from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from services import booking, tus
from services.calendar import due_on, week_grid
from services.models import Booking, Trip, TusMembership
from services.occupancy import end_of_today, free_vehicles, holding, period_of, with_late_return
from tests.factories import commune
from tests.services.factories import BeneficiaryFactory, BookingFactory, DriverFactory, at

NOT_BACK = "Ce véhicule n'est pas revenu"


def requested_trip(antenna, person, start, end):
    TusMembership.objects.get_or_create(
        antenna=antenna, beneficiary=person, year=start.year, defaults={"basis": "residence"}
    )
    return tus.request_trip(
        antenna=antenna, beneficiary=person, pickup=commune("67339"), dropoff=commune("67180"),
        start=start, end=end, purpose="care",
    )  # fmt: skip


def test_a_trip_is_refused_a_vehicle_rented_at_the_same_time(antenna, person, car):
    booking.book(vehicle=car, beneficiary=person, start=at(1, 8), end=at(1, 18))
    trip = requested_trip(antenna, BeneficiaryFactory(antenna=antenna), at(1, 7), at(1, 12))
    with pytest.raises(ValidationError) as refused:
        tus.accept(trip=trip, driver=DriverFactory(antenna=antenna), vehicle=car)
    assert refused.value.message_dict == {
        "vehicle": ["Ce véhicule est déjà réservé sur cette période."]
    }
    trip.refresh_from_db()
    assert trip.status == Trip.Status.REQUESTED and trip.booking_id is None


def test_a_rental_is_refused_a_vehicle_on_a_trip(antenna, person, car):
    trip = requested_trip(antenna, person, at(1, 7), at(1, 12))
    trip = tus.accept(trip=trip, driver=DriverFactory(antenna=antenna), vehicle=car)
    assert trip.booking.kind == Booking.Kind.TUS
    assert car not in free_vehicles(antenna=antenna, start=at(1, 8), end=at(1, 9))
    with pytest.raises(ValidationError, match="déjà réservé"):
        booking.book(vehicle=car, beneficiary=person, start=at(1, 11), end=at(1, 18))
    booking.book(vehicle=car, beneficiary=person, start=at(1, 12), end=at(1, 18))  # adjacent


def test_the_calendar_shows_the_trip(antenna, person, car):
    trip = requested_trip(antenna, person, at(1, 7), at(1, 12))
    tus.accept(trip=trip, driver=DriverFactory(antenna=antenna), vehicle=car)
    monday = at(1).date() - timedelta(days=at(1).weekday())
    grid = week_grid(vehicles=[car], antenna=antenna, monday=monday)
    [(_vehicle, cells)] = grid.rows
    [slot] = [s for day in cells for s in day]
    assert slot.booking.kind == Booking.Kind.TUS and slot.booking.trip == trip
    assert slot.href.endswith(f"/tus/trajets/{trip.pk}/") and slot.hours == "07:00–12:00"


@pytest.fixture
def late(antenna, person, car):
    """A rental due back an hour ago, checked out and not returned."""
    now = timezone.now()
    rental = BookingFactory(
        vehicle=car,
        beneficiary=person,
        period=period_of(now - timedelta(hours=5), now - timedelta(hours=1)),
    )
    return booking.check_out(booking=rental, at=now - timedelta(hours=5), odometer=1000)


def test_a_late_vehicle_is_busy_and_refused_to_the_next_rental(antenna, car, late):
    now = timezone.now()
    assert car not in free_vehicles(antenna=antenna, start=now, end=now + timedelta(hours=2))
    held = holding().get(pk=late.pk).held
    assert held.upper >= now - timedelta(seconds=5)
    # A late vehicle is held for the rest of the day: the refused booking starts within it,
    # even when the test runs at 23:58 (ten minutes from now would be tomorrow, and free).
    soon = now + min(timedelta(minutes=5), (end_of_today() - now) / 2)
    with pytest.raises(ValidationError) as refused:
        booking.book(
            vehicle=car, beneficiary=BeneficiaryFactory(antenna=antenna),
            start=soon, end=now + timedelta(hours=3),
        )  # fmt: skip
    assert NOT_BACK in refused.value.message_dict["start"][0]
    # Later, beyond the hold, the vehicle can be booked for when it is back.
    booking.book(
        vehicle=car, beneficiary=BeneficiaryFactory(antenna=antenna),
        start=now + timedelta(days=1), end=now + timedelta(days=1, hours=3),
    )  # fmt: skip


def test_postgresql_refuses_a_booking_over_a_late_vehicle_behind_the_apps_back(car, late):
    with (
        pytest.raises(IntegrityError, match="not back"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO services_booking (antenna_id, vehicle_id, beneficiary_id, kind,"
            " period, purpose, status, price, reference_mode, km, notes,"
            " checkout_condition, checkin_condition, created_at)"
            " VALUES (%s, %s, %s, 'rental', tstzrange(now(), now() + interval '2 hours'),"
            " '', 'reserved', 0, 'unknown', 0, '', '', '', now())",
            [car.antenna_id, car.pk, late.beneficiary_id],
        )


def test_the_next_booking_is_flagged_and_cannot_be_handed_over(antenna, car, late):
    now = timezone.now()
    # Booked before the vehicle was late: it starts after the planned return.
    Booking.objects.filter(pk=late.pk).update(
        period=period_of(now - timedelta(hours=5), now + timedelta(minutes=1))
    )
    following = booking.book(
        vehicle=car, beneficiary=BeneficiaryFactory(antenna=antenna),
        start=now + timedelta(minutes=1), end=now + timedelta(hours=3),
    )  # fmt: skip
    Booking.objects.filter(pk=late.pk).update(
        period=period_of(now - timedelta(hours=5), now - timedelta(hours=1))
    )
    flagged = with_late_return(Booking.objects.filter(vehicle=car)).get(pk=following.pk)
    assert flagged.after_late_return
    assert not with_late_return(Booking.objects.all()).get(pk=late.pk).after_late_return
    with pytest.raises(ValidationError, match=NOT_BACK):
        booking.check_out(booking=following, at=now, odometer=1000)
    departures, returns = due_on(
        Booking.objects.filter(antenna=antenna), antenna, timezone.localdate()
    )
    assert [b.after_late_return for b in departures] == [True]
    # Once back, the next person can leave.
    booking.check_in(booking=late, at=now, odometer=1100)
    booking.check_out(booking=following, at=now, odometer=1100)


def test_pages_show_the_trip_and_the_late_return(staff, antenna, car, late):
    now = timezone.now()
    trip = requested_trip(antenna, BeneficiaryFactory(antenna=antenna), at(1, 7), at(1, 12))
    tus.accept(trip=trip, driver=DriverFactory(antenna=antenna), vehicle=car)
    tomorrow = BookingFactory(vehicle=car, period=period_of(at(1, 13), at(1, 18)))
    Booking.objects.filter(pk=tomorrow.pk).update(
        period=period_of(now + timedelta(minutes=1), now + timedelta(hours=2))
    )
    slug = antenna.slug
    week = staff.get(f"/a/{slug}/calendrier/?week={at(1).date():%Y-%m-%d}").content.decode()
    assert f"/a/{slug}/tus/trajets/{trip.pk}/" in week and "TUS · " in week
    # the slots' own marks (the legend says "retour en retard" on every week)
    assert "<strong>(pas revenu)</strong>" in week  # the late rental
    assert "<strong>(retour en retard)</strong>" in week  # the rental after it
    assert week.count(' slot-late"') >= 2
    today = staff.get(f"/a/{slug}/aujourdhui/").content.decode()
    assert "retour en retard" in today and "en retard" in today


def test_a_vehicle_out_since_last_week_shows_in_this_weeks_calendar(antenna, person, car):
    """Its period ended last week: only the "out since before the window" arm finds it."""
    now = timezone.now()
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    out = BookingFactory(
        vehicle=car,
        beneficiary=person,
        period=period_of(now - timedelta(days=9), now - timedelta(days=8)),
    )
    booking.check_out(booking=out, at=now - timedelta(days=9), odometer=1000)
    [(_vehicle, cells)] = week_grid(vehicles=[car], antenna=antenna, monday=monday).rows
    today = (timezone.localdate() - monday).days
    assert [s.booking.pk for s in cells[today]] == [out.pk]
    assert cells[today][0].booking.is_late
    assert car not in free_vehicles(antenna=antenna, start=now, end=now + timedelta(hours=1))


def _searched(queryset) -> dict[str, str]:
    """The indexes the plan of `queryset` searches, with what it searches them by."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        lines = [row[0].strip() for row in cursor.fetchall()]
    return {
        found[1]: following.removeprefix("Index Cond: ")
        for line, following in pairwise(lines)
        if (found := re.search(r"(?:using|Bitmap Index Scan on) (\w+)", line))
    }


def test_a_window_is_searched_along_the_indexes_not_read_from_every_booking(antenna, person):
    """The calendar, the day's departures and the free vehicles find a window's bookings by
    period in a GiST index led by the antenna, however many bookings the antenna has: a
    filter the index cannot search would read them all (at 1 M people the today page went
    from 630 ms to 4 ms of SQL)."""
    from services.calendar import local_midnight
    from services.occupancy import holds_overlapping, of_antenna
    from tests.services.factories import VehicleFactory

    cars = [VehicleFactory(antenna=antenna) for _ in range(20)]
    Booking.objects.bulk_create(
        Booking(antenna=antenna, vehicle=car, beneficiary=person,
                period=period_of(at(day, 9), at(day, 12)))
        for car in cars for day in range(1, 150)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE services_booking")
    car, day = cars[0], timezone.localdate()
    start, end = local_midnight(day), local_midnight(day + timedelta(days=7))
    week = of_antenna(holds_overlapping(start, end), antenna).filter(vehicle__in=[car.pk])
    assert "period && " in _searched(week)["booking_antenna_period"]
    departures, _returns = due_on(Booking.objects.filter(antenna=antenna), antenna, day)
    searched = _searched(departures)
    assert "period && " in searched["booking_antenna_period"]
    assert "vehicle_id = " in searched["booking_out_by_vehicle"]  # "retour en retard"
    free = _searched(free_vehicles(antenna=antenna, start=start, end=end))
    assert "period && " in free["booking_antenna_period"]
