"""Edge cases found in review: daylight-saving days, local dates, waiting lists kept in order,
uses kept in step with the facts they count."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from services import booking, carpool, pricing, workshops
from services.availability import period_of
from services.catalogue import Mode
from services.models import PriceRule, Registration, RideRequest, ServiceUse
from services.tasks import send_booking_reminders
from tests.factories import commune
from tests.services.factories import (
    BeneficiaryFactory,
    BookingFactory,
    SessionFactory,
    VehicleFactory,
    at,
)

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def day_rate(antenna):
    return PriceRule.objects.create(
        antenna=antenna, vehicle_kind="car", unit="day", price=Decimal("8"),
        reduced_price=Decimal("4"),
    )  # fmt: skip


def test_one_day_rental_over_the_autumn_clock_change_costs_one_day(day_rate, car, person):
    # 25-26 October 2025: clocks go back, 9:00 to 9:00 the next day lasts 25 hours. The price
    # must not depend on the time zone the bounds carry (rows read back come in UTC).
    start, end = paris(2025, 10, 25, 9), paris(2025, 10, 26, 9)
    for bounds in ((start, end), (start.astimezone(UTC), end.astimezone(UTC))):
        assert pricing.rental_price(rule=day_rate, beneficiary=person, start=bounds[0],
                                    end=bounds[1]) == Decimal("8.00")  # fmt: skip
    week = booking.book(
        vehicle=car, beneficiary=person, start=paris(2025, 10, 27, 9), end=paris(2025, 11, 3, 9)
    )
    assert week.price == Decimal("56.00")


def test_hours_are_the_hours_the_vehicle_is_held(antenna, person):
    rule = PriceRule.objects.create(
        antenna=antenna, vehicle_kind="ebike", unit="hour", price=Decimal("1"),
        reduced_price=Decimal("1"),
    )  # fmt: skip
    # 1:00 to 4:00 on the night the clocks go back: four hours go by.
    start, end = paris(2025, 10, 26, 1), paris(2025, 10, 26, 4)
    assert pricing.rental_price(rule=rule, beneficiary=person, start=start, end=end) == 4


def test_no_show_at_the_very_first_instant_is_refused(car, person):
    b = booking.book(vehicle=car, beneficiary=person, start=at(0, 9), end=at(0, 12))
    with pytest.raises(ValidationError):
        booking.no_show(booking=b, now=at(0, 9))  # [9:00, 9:00) would erase the period
    b.refresh_from_db()
    assert b.period.lower == at(0, 9) and b.status == "reserved"


def test_reminder_goes_for_a_booking_just_after_local_midnight(
    car, person, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time())) + timedelta(
        minutes=30
    )
    BookingFactory(vehicle=car, beneficiary=person, period=period_of(start, start + timedelta(1)))
    late_today = start - timedelta(hours=1)  # 23:30 tonight, local time
    other = VehicleFactory(antenna=car.antenna)
    BookingFactory(vehicle=other, beneficiary=person, period=period_of(late_today, start))
    with django_capture_on_commit_callbacks(execute=True):  # sent after the commit
        assert send_booking_reminders() == 1
    assert len(mail.outbox) == 1


def _full_session(antenna, capacity=1, waiting=2):
    session = SessionFactory(antenna=antenna, capacity=capacity)
    people = [BeneficiaryFactory(antenna=antenna) for _ in range(capacity + waiting)]
    regs = [workshops.register(session=session, beneficiary=p) for p in people]
    return session, regs


def _statuses(regs):
    return [Registration.objects.get(pk=r.pk).status for r in regs]


def test_more_places_go_to_the_waiting_list_first(antenna):
    session, regs = _full_session(antenna)
    workshops.change_capacity(session=session, capacity=2)
    assert _statuses(regs) == ["registered", "registered", "waiting"]
    late = workshops.register(session=session, beneficiary=BeneficiaryFactory(antenna=antenna))
    assert late.status == Registration.Status.WAITING  # nobody jumps the queue


def test_cancelling_twice_at_once_promotes_one_person(antenna):
    session, regs = _full_session(antenna)
    first_click = Registration.objects.get(pk=regs[0].pk)
    second_click = Registration.objects.get(pk=regs[0].pk)  # read before the first committed
    workshops.cancel(registration=first_click)
    assert workshops.cancel(registration=second_click) is None
    assert _statuses(regs) == ["cancelled", "registered", "waiting"]


def test_a_person_who_cancelled_can_register_again(antenna):
    session, regs = _full_session(antenna, capacity=2, waiting=0)
    workshops.cancel(registration=regs[0])
    again = workshops.register(session=session, beneficiary=regs[0].beneficiary)
    assert again.pk == regs[0].pk and again.status == Registration.Status.REGISTERED
    assert again.attendance == Registration.Attendance.TO_FILL
    assert session.registrations.count() == 2


def test_rejoining_goes_behind_those_already_waiting(antenna):
    session, regs = _full_session(antenna, capacity=1, waiting=1)
    workshops.cancel(registration=regs[1])  # the person waiting leaves the list...
    full = workshops.register(session=session, beneficiary=BeneficiaryFactory(antenna=antenna))
    back = workshops.register(session=session, beneficiary=regs[1].beneficiary)  # ...and is back
    assert back.status == Registration.Status.WAITING
    workshops.cancel(registration=regs[0])
    assert Registration.objects.get(pk=full.pk).status == Registration.Status.REGISTERED


def test_moving_a_session_moves_the_uses_it_recorded(client, world, antenna):
    session, regs = _full_session(antenna, capacity=1, waiting=0)
    workshops.mark_attendance(session=session, marks={regs[0].pk: "present"})
    moved = session.starts_at - timedelta(days=400)  # typed in the wrong year at first
    client.force_login(world.staff)
    response = client.post(
        reverse("services_session_edit", kwargs={"antenna_slug": antenna.slug, "pk": session.pk}),
        {"kind": "highway_code", "title": session.title, "capacity": 1, "duration_minutes": 120,
         "starts_at": timezone.localtime(moved).strftime("%Y-%m-%dT%H:%M")},
    )  # fmt: skip
    assert response.status_code == 302
    use = ServiceUse.objects.get(source_model="Registration", source_id=regs[0].pk)
    assert use.used_on == timezone.localdate(moved)
    assert (use.service, use.mode) == ("workshop", Mode.NONE)


def test_a_seat_cancelled_after_the_ride_no_longer_counts(antenna):
    ride = carpool.offer_ride(
        antenna=antenna, departure=at(0, 8), driver_kind="volunteer", driver_name="Camille",
        origin=commune("67339"), destination=commune("67180"), seats=3,
    )[0]  # fmt: skip
    seats = [
        carpool.book_seat(ride=ride, beneficiary=BeneficiaryFactory(antenna=antenna))
        for _ in range(2)
    ]
    carpool.mark_done(ride=ride)
    assert ServiceUse.objects.filter(source_model="RidePassenger", occupants=3).count() == 2
    carpool.cancel_seat(seat=seats[0])
    uses = ServiceUse.objects.filter(source_model="RidePassenger")
    assert [(u.source_id, u.occupants) for u in uses] == [(seats[1].pk, 2)]


def test_a_second_click_on_a_cancelled_seat_keeps_the_new_match(antenna, person):
    def ride():
        return carpool.offer_ride(
            antenna=antenna, departure=at(1, 8), driver_kind="volunteer", driver_name="Camille",
            origin=commune("67339"), destination=commune("67180"), seats=3,
        )[0]  # fmt: skip

    wish = RideRequest.objects.create(
        antenna=antenna, beneficiary=person, origin=commune("67339"),
        destination=commune("67180"), wanted_at=at(1, 8),
    )  # fmt: skip
    first = carpool.book_seat(ride=ride(), beneficiary=person, request=wish)
    carpool.cancel_seat(seat=first)
    carpool.book_seat(ride=ride(), beneficiary=person, request=wish)
    carpool.cancel_seat(seat=first)  # the stale page is submitted again
    wish.refresh_from_db()
    assert wish.status == RideRequest.Status.MATCHED
