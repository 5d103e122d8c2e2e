"""The bookings list pages by keyset, newest first: every booking once, the status filter kept
from page to page, no OFFSET and no count over every booking."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.availability import period_of
from services.models import Booking
from tests.services.factories import VehicleFactory, at

pytestmark = pytest.mark.django_db
NEXT = re.compile(r'rel="next" href="\?([^"]*)"')
ROW = re.compile(r'<tr><td><a href="[^"]*/reservations/(\d+)/">')


def _book(antenna, person, days):
    vehicle = VehicleFactory(antenna=antenna)
    return Booking.objects.bulk_create(
        Booking(antenna=antenna, vehicle=vehicle, beneficiary=person,
                period=period_of(at(day, 9), at(day, 12)),
                status="cancelled" if day % 4 == 0 else "booked")
        for day in days
    )  # fmt: skip


def _walk(client, path, query=""):
    pages, queries = [], []
    while True:
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(f"{path}?{query}").content.decode()
        queries += [q["sql"] for q in ctx.captured_queries]
        pages.append([int(pk) for pk in ROW.findall(html)])
        found = NEXT.search(html)
        if not found:
            return pages, queries
        query = found.group(1).replace("&amp;", "&")


def test_the_pages_show_every_booking_once_newest_first(client, staff, antenna, person):
    days = sorted(range(-60, 60), key=lambda day: day * 37 % 120)  # not in the ids' order
    made = _book(antenna, person, days)
    path = f"/a/{antenna.slug}/reservations/"
    pages, queries = _walk(client, path)
    assert [len(p) for p in pages] == [50, 50, 20]
    newest_first = sorted(made, key=lambda b: b.period.lower, reverse=True)
    assert [pk for page in pages for pk in page] == [b.pk for b in newest_first]
    assert not [q for q in queries if "OFFSET" in q or "COUNT(" in q.upper()]
    cancelled, _queries = _walk(client, path, "status=cancelled")
    assert [len(p) for p in cancelled] == [30]
    assert {b.status for b in Booking.objects.filter(pk__in=cancelled[0])} == {"cancelled"}


def test_a_cursor_edited_by_hand_gives_the_first_page(client, staff, antenna, person):
    _book(antenna, person, range(3))
    response = client.get(f"/a/{antenna.slug}/reservations/", {"cursor": "n'importe quoi"})
    assert response.status_code == 200 and len(ROW.findall(response.content.decode())) == 3
