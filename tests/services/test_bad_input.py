"""Bad input thrown at every services page, form and API route: a clean 400 or the page again
with a message, never a 500 (the test client re-raises any exception a view lets through)."""

import re

import pytest
from django.urls import URLPattern

from services import urls
from services.models import Booking
from tests.isolation import VICTIM_PK, victims_services

pytestmark = pytest.mark.django_db

NASTY = ["abc", "²", "0001-01-01T00:00", "9999-12-31", "99999999999999999999.99", "-1", ""]
FIELDS = [
    "beneficiary", "beneficiary_pick", "vehicle", "start", "end", "purpose", "reference_mode",
    "first_day", "until", "weekdays", "start_time", "end_time", "at", "odometer", "level",
    "deposit_amount", "deposit_method", "deposit_reference", "deduction", "deduction_reason",
    "price", "reduced_price", "deposit", "vehicle_kind",
    "unit", "ride", "origin", "destination", "departure", "seats", "recurrence", "wanted_at",
    "window_minutes", "year", "fee", "pickup", "dropoff", "contribution", "driver", "km",
    "reason", "starts_at", "duration_minutes", "capacity", "held_on", "professionals",
    "kind", "title", "name", "identifier", "energy", "odometer_km", "membership_fee",
    "refuse-reason", "accept-driver", "accept-vehicle", "attendance-424242", "page", "week",
]  # fmt: skip


def paths(slug):
    for pattern in urls.antenna_patterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        yield "/a/" + slug + "/" + re.sub(r"<int:pk>", str(VICTIM_PK), route)


@pytest.fixture
def staff(client, world):
    victims_services.create(world)
    client.force_login(world.manager)
    return client


@pytest.mark.parametrize("value", NASTY)
def test_every_page_and_form_survives_bad_input(staff, world, value):
    for path in paths(world.antenna.slug):
        data = dict.fromkeys(FIELDS, value)
        got = staff.get(path, data)
        assert got.status_code < 500, path
        posted = staff.post(path, data)
        assert posted.status_code < 500, path


def test_forms_show_every_error_at_once(staff, world):
    response = staff.post(
        f"/a/{world.antenna.slug}/reservations/nouvelle/",
        {"beneficiary": "²", "vehicle": "abc", "start": "0001-01-01T00:00", "end": "",
         "purpose": "x", "reference_mode": ""},
    )  # fmt: skip
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"beneficiary", "vehicle", "start", "end", "purpose", "reference_mode"}
    assert "entre 1900 et 2100" in " ".join(errors["start"])


@pytest.mark.parametrize("value", NASTY)
def test_every_api_route_answers_400_not_500(staff, world, value):
    api = f"/api/a/{world.antenna.slug}/services/"
    data = {key: value for key in ("vehicle", "beneficiary", "start", "end", "purpose",
                                   "reference_mode", "reason", "kind")}  # fmt: skip
    for route in ("vehicles", "bookings", "trips", "sessions", "rides", "ride-passengers"):
        for query in ({"ride": value}, {"vehicle": value}, {"status": value}, {"page": value}):
            assert staff.get(api + f"{route}/", query).status_code in (200, 400, 404)
        assert staff.get(api + f"{route}/{VICTIM_PK}/").status_code == 200
    assert staff.post(api + "bookings/", data, content_type="application/json").status_code == 400
    got = staff.get(api + "bookings/availability/", {"start": value, "end": value})
    assert got.status_code == 400
    for route in ("bookings", "trips", "rides"):
        answer = staff.post(
            api + f"{route}/{VICTIM_PK}/cancel/", {"reason": value * 300},
            content_type="application/json",
        )  # fmt: skip
        assert answer.status_code in (200, 400), route
    assert Booking.objects.filter(pk=VICTIM_PK).exists()
