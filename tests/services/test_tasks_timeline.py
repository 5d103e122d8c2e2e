import pytest
from django.core import mail

from beneficiaries.timeline import events_for
from services.availability import period_of
from services.tasks import send_booking_reminders
from tests.services.factories import BeneficiaryFactory, BookingFactory, at

pytestmark = pytest.mark.django_db


def test_reminders_go_once_to_people_with_an_email_booked_tomorrow(
    car, person, antenna, django_capture_on_commit_callbacks
):
    BookingFactory(vehicle=car, beneficiary=person, period=period_of(at(1, 9), at(1, 12)))
    silent = BeneficiaryFactory(antenna=antenna, email="")
    BookingFactory(vehicle=car, beneficiary=silent, period=period_of(at(1, 13), at(1, 15)))
    BookingFactory(vehicle=car, beneficiary=person, period=period_of(at(3, 9), at(3, 12)))
    with django_capture_on_commit_callbacks(execute=True):  # sent after the commit
        assert send_booking_reminders() == 1
    assert mail.outbox[0].to == [person.email] and "demain" in mail.outbox[0].subject
    assert send_booking_reminders() == 0  # idempotent


def test_timeline_shows_bookings_with_a_link_for_the_team(car, person, world):
    BookingFactory(vehicle=car, beneficiary=person)
    membership = world.staff.memberships.get()
    events = [e for e in events_for(person, membership).events if e.kind == "booking"]
    assert len(events) == 1 and car.name in events[0].title and events[0].url
