"""`get_FOO_display()` from a table per field and language (mobilex/displays.py): the label
of the language active at each call, the value itself when it has no label, and none of
Django's rebuilding of the choices (which translated every label on each call)."""

from unittest import mock

from django.utils import translation

from services.models import Booking


def test_the_label_follows_the_language_of_each_call():
    booking = Booking(status=Booking.Status.CHECKED_OUT, kind=Booking.Kind.RENTAL)
    with translation.override("fr"):
        assert booking.get_status_display() == "sortie"
        assert booking.get_kind_display() == "location"
    with translation.override("en"):
        assert booking.get_kind_display() == "rental"
    with translation.override("fr"):
        assert booking.get_kind_display() == "location"


def test_a_value_without_a_label_is_shown_as_it_is():
    assert Booking(status="inconnu").get_status_display() == "inconnu"


def test_a_page_of_rows_translates_each_label_once():
    bookings = [Booking(status=Booking.Status.RESERVED) for _ in range(50)]
    with translation.override("fr"):
        bookings[0].get_status_display()  # the table of this language
        real = translation._trans.gettext  # what every lazy label calls
        with mock.patch.object(translation._trans, "gettext", wraps=real) as gettext:
            labels = {b.get_status_display() for b in bookings}
    assert labels == {"réservée"} and gettext.call_count == 0
