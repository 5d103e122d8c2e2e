"""check_ranges reads both bounds of the range columns (a booking's period), and every app of
the project, billing and notifications included."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from mobilex.management.commands.check_ranges import _project_models
from services.models import Booking
from tests.services.factories import BookingFactory, VehicleFactory


@pytest.mark.django_db
def test_check_ranges_lists_bookings_whose_period_leaves_the_bounds(world):
    late, early, fine = (
        BookingFactory(vehicle=VehicleFactory(antenna=world.antenna)) for _ in range(3)
    )
    with connection.cursor() as cursor:  # behind the application's back
        for booking, period in (
            (late, "[2026-03-02 09:00+00, 2999-03-02 12:00+00)"),
            (early, "[0001-01-01 09:00+00, 2026-01-01 12:00+00)"),
            (fine, "[2026-05-02 09:00+00, 2026-05-02 12:00+00)"),
        ):
            cursor.execute(
                "UPDATE services_booking SET period = %s::tstzrange WHERE id = %s",
                [period, booking.pk],
            )
    out = StringIO()
    call_command("check_ranges", stdout=out)
    listed = out.getvalue()
    assert f"services.Booking #{late.pk} period = " in listed and "2999-03-02" in listed
    assert f"services.Booking #{early.pk} period = " in listed and "0001-01-01" in listed
    assert f"services.Booking #{fine.pk} " not in listed
    assert "2 row(s) out of range." in listed
    assert Booking.objects.filter(pk=late.pk, period__endswith__year=2999).exists()  # untouched


def test_every_project_app_is_checked():
    labels = {model._meta.app_label for model in _project_models()}
    assert {"antennas", "beneficiaries", "billing", "notifications", "services"} <= labels
    assert "auth" not in labels and "account" not in labels
