"""A long journey, a page at a time: every stream reads one page of its rows in SQL (ORDER BY
date LIMIT), the pages are merged newest first, and the "older events" cursor walks every event
once, ties at the same instant included."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beneficiaries import timeline
from beneficiaries.models import Diagnostic, Enrolment, Note
from tests.beneficiaries.factories import BeneficiaryFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db
OLDER = re.compile(r'href="\?parcours=([^"#]+)#parcours" rel="next"')
DAY0 = datetime.date(2025, 1, 6)


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _notes(person, author, count, *, start=0, same=1):
    """`count` notes, `same` of them at each instant, one day apart, the first at midnight."""
    Note.objects.bulk_create(
        Note(antenna_id=person.antenna_id, beneficiary=person, author=author,
             text=f"note {i}", created_at=_midnight(DAY0) + datetime.timedelta(days=i // same))
        for i in range(start, start + count)
    )  # fmt: skip


def _expected(person):
    """The journey's order, recomputed from the rows: newest first, a day at its midnight."""
    keys = [(n.created_at, "note", n.pk) for n in Note.objects.filter(beneficiary=person)]
    keys += [(_midnight(d.made_on), "diagnostic", d.pk) for d in person.diagnostics.all()]
    for p in Enrolment.objects.filter(beneficiary=person):
        keys.append((_midnight(p.started_on), "period-start", p.pk))
        if p.ended_on:
            keys.append((_midnight(p.ended_on), "period-end", p.pk))
    return sorted(keys, reverse=True)


def test_the_pages_walk_every_event_once_in_order_ties_included(world):
    person = BeneficiaryFactory(antenna=world.antenna)
    membership = world.staff.memberships.get()
    _notes(person, world.staff, 40, same=4)  # ten instants, four notes each
    for days in (0, 2, 2, 5, 11):  # on the notes' midnights: the same instant in two streams
        DiagnosticFactory(beneficiary=person, made_on=DAY0 + datetime.timedelta(days=days))
    Enrolment.objects.filter(beneficiary=person).update(started_on=DAY0)
    seen, cursor, pages = [], None, 0
    while True:
        page = timeline.events_for(person, membership, cursor=cursor, size=7)
        seen += [timeline.position(e) for e in page.events]
        pages += 1
        assert page.first == (cursor is None)
        cursor = page.next_cursor
        if cursor is None:
            break
    expected = _expected(person)
    assert len(expected) == 40 + 5 + Enrolment.objects.filter(beneficiary=person).count()
    assert seen == expected and pages == -(-len(expected) // 7)
    # a note and a diagnostic of the same midnight: the note ("note" > "diagnostic") first
    at_day_2 = [s for s in seen if s[0] == _midnight(DAY0 + datetime.timedelta(days=2))]
    assert [s[1] for s in at_day_2] == ["note"] * 4 + ["diagnostic"] * 2


@pytest.mark.parametrize("cursor", ["n'importe quoi", "WyJ4IiwgMSwgMl0", "WzEsMiwzXQ"])
def test_a_cursor_edited_by_hand_gives_the_first_page(client, world, url, cursor):
    person = BeneficiaryFactory(antenna=world.antenna)
    _notes(person, world.staff, 3)
    client.force_login(world.staff)
    response = client.get(url("beneficiary_detail", pk=person.pk), {"parcours": cursor})
    assert response.status_code == 200
    assert response.content.decode().count('<li class="event-note">') == 3


def _page(client, path, cursor=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, {"parcours": cursor} if cursor else {})
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_a_journey_of_2000_events_reads_one_page_per_stream_at_both_sizes(client, world, url):
    person = BeneficiaryFactory(antenna=world.antenna)
    client.force_login(world.staff)
    path = url("beneficiary_detail", pk=person.pk)
    client.get(path)  # the first visit stores the current membership in the session
    counts = {}
    for total in (30, 2000):
        have = Note.objects.filter(beneficiary=person).count()
        _notes(person, world.staff, total - have, start=have)
        html, queries = _page(client, path)
        counts[total] = len(queries)
        streams = [q for q in queries if '"journey_at"' in q]
        assert len(streams) == 11  # 5 beneficiaries', 4 services', 2 notifications' streams
        assert all(q.endswith("LIMIT 101") for q in streams)  # one page each, in SQL
        assert html.count('<li class="event-note">') == min(total, 100)
    assert counts[30] == counts[2000] == 19
    older = OLDER.search(html).group(1)
    deep, queries = _page(client, path, older)
    assert len(queries) == 19 and "Événements les plus récents" in deep
    assert f"note {1999 - 100}<" in deep and f"note {1999 - 99}<" not in deep


def test_the_older_events_link_walks_the_whole_journey(client, world, url):
    person = BeneficiaryFactory(antenna=world.antenna)
    _notes(person, world.staff, 250)
    DiagnosticFactory(beneficiary=person, made_on=DAY0 + datetime.timedelta(days=100))
    client.force_login(world.staff)
    path = url("beneficiary_detail", pk=person.pk)
    texts, cursor, pages = [], None, 0
    while True:
        html, _queries = _page(client, path, cursor)
        pages += 1
        texts += re.findall(r"</strong><br><span class=\"event-detail\">[^:]*: (note \d+)<", html)
        found = OLDER.search(html)
        if not found:
            break
        cursor = found.group(1)
    assert pages == 3 and len(texts) == 250 and len(set(texts)) == 250
    assert texts[0] == "note 249" and texts[-1] == "note 0"
    assert Diagnostic.objects.filter(beneficiary=person).count() == 1
