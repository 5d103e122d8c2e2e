"""Retention seen from the services: using one is a contact (the two-year clock starts again, so
someone who rides every week is never anonymised for want of a note), and anonymisation also
blanks what the services wrote about the person."""

from datetime import timedelta

from django.utils import timezone

from beneficiaries.records import record_contact
from beneficiaries.retention import inactive
from services import booking as bookings
from tests.services.factories import at


def _three_years_ago(person):
    person.last_contact_on = timezone.localdate() - timedelta(days=3 * 365)
    person.save(update_fields=["last_contact_on"])


def test_a_booking_is_a_contact(person, car):
    _three_years_ago(person)
    assert inactive().filter(pk=person.pk).exists()
    bookings.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))
    person.refresh_from_db()
    assert person.last_contact_on == timezone.localdate()
    assert not inactive().filter(pk=person.pk).exists()


def test_a_use_moves_the_contact_forward_never_backwards(person, car):
    booking = bookings.book(vehicle=car, beneficiary=person, start=at(-3, 9), end=at(-3, 12))
    _three_years_ago(person)
    booking = bookings.check_out(booking=booking, at=at(-3, 9), odometer=1000)
    bookings.check_in(booking=booking, at=at(-3, 11), odometer=1030)
    person.refresh_from_db()
    assert person.last_contact_on == timezone.localdate() - timedelta(days=3)
    record_contact(beneficiary_id=person.pk, day=timezone.localdate() - timedelta(days=30))
    person.refresh_from_db()
    assert person.last_contact_on == timezone.localdate() - timedelta(days=3)


def test_anonymisation_erases_what_was_written_about_the_person(person, car):
    from beneficiaries.retention import anonymise, erase_on_request

    booking = bookings.book(
        vehicle=car, beneficiary=person, start=at(-3, 9), end=at(-3, 12),
        notes="Emmène sa fille chez le médecin",
    )  # fmt: skip
    booking = bookings.check_out(
        booking=booking, at=at(-3, 9), odometer=1000, condition="Rayure portière, dit Mme X"
    )
    bookings.check_in(booking=booking, at=at(-3, 11), odometer=1030, condition="RAS")
    anonymise(beneficiary=person)
    booking.refresh_from_db()
    assert (booking.notes, booking.checkout_condition, booking.checkin_condition) == ("", "", "")
    assert booking.km == 30  # the statistics stay
    erase_on_request(beneficiary=person, actor=None)  # erasure runs the same erasers
    booking.refresh_from_db()
    assert booking.notes == ""
