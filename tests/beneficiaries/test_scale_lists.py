"""Lists that do not grow with the data: keyset pages (no OFFSET), a count that stops at
10 000, a ranked search and absolute query counts (the journey: test_journey_pages.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beneficiaries import audit
from beneficiaries.models import AuditEvent, Beneficiary
from mobilex import pagination
from tests.beneficiaries.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db
NEXT = re.compile(r'rel="next" href="\?([^"]*)"')


def _names(html):
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def _walk(client, path, params=None, rows=_names):
    """Every page of a list, following its "Page suivante" links: the rows, page by page."""
    pages, query = [], params or {}
    while True:
        html = client.get(path, query).content.decode()
        pages.append(rows(html))
        found = NEXT.search(html)
        if not found:
            return pages
        query = found.group(1).replace("&amp;", "&")
        path = path.split("?")[0] + "?" + query
        query = {}


def test_the_pages_show_everyone_once_in_name_order(client, world, url):
    for _ in range(30):  # namesakes: the id breaks the tie, nobody is shown twice or skipped
        BeneficiaryFactory(antenna=world.antenna, last_name="Weber", first_name="Léa", phone="")
    for i in range(31):
        BeneficiaryFactory(antenna=world.antenna, last_name=f"Émond{i:02}", first_name="Paul")
    client.force_login(world.staff)
    pages = _walk(client, url("beneficiary_list"))
    assert [len(p) for p in pages] == [25, 25, 11]
    names = [n for p in pages for n in p]
    assert names[:2] == ["ÉMOND00 Paul", "ÉMOND01 Paul"]  # accents do not send É after W
    assert names.count("WEBER Léa") == 30 and len(names) == 61
    ids = list(Beneficiary.objects.order_by("name_key", "pk").values_list("pk", flat=True))
    first = client.get(url("beneficiary_list")).content.decode()
    assert f'/beneficiaires/{ids[0]}/"' in first and f'/beneficiaires/{ids[25]}/"' not in first


def test_the_next_page_keeps_the_filters(client, world, url):
    BeneficiaryFactory.create_batch(27, antenna=world.antenna, status="referred")
    BeneficiaryFactory.create_batch(3, antenna=world.antenna, status="active")
    client.force_login(world.staff)
    pages = _walk(client, url("beneficiary_list"), {"status": "referred"})
    assert [len(p) for p in pages] == [25, 2]


def test_the_count_stops_at_the_limit(client, world, url, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)
    BeneficiaryFactory.create_batch(7, antenna=world.antenna)
    client.force_login(world.staff)
    html = client.get(url("beneficiary_list")).content.decode()
    assert "plus de 5 personnes" in html
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 10)
    assert "7 personnes" in client.get(url("beneficiary_list")).content.decode()


@pytest.mark.parametrize("cursor", ["n'importe quoi", "WzAsWyJ4IiwiYWJjIl1d", "WzksbnVsbF0"])
def test_a_cursor_edited_by_hand_gives_the_first_page(client, world, url, cursor):
    BeneficiaryFactory(antenna=world.antenna, last_name="Adam", first_name="Eve")
    client.force_login(world.staff)
    response = client.get(url("beneficiary_list"), {"cursor": cursor})
    assert response.status_code == 200 and "ADAM Eve" in response.content.decode()


def test_a_search_shows_first_the_names_that_begin_with_the_first_word(client, world, url):
    BeneficiaryFactory(antenna=world.antenna, last_name="Marchal", first_name="Mullen")
    BeneficiaryFactory(antenna=world.antenna, last_name="Muller", first_name="Marie")
    BeneficiaryFactory(antenna=world.antenna, last_name="Mullot", first_name="Marc")
    BeneficiaryFactory(antenna=world.antenna, last_name="Muller", first_name="Paul")
    client.force_login(world.staff)
    html = client.get(url("beneficiary_list"), {"q": "mull mar"}).content.decode()
    assert _names(html) == ["MULLER Marie", "MULLOT Marc", "MARCHAL Mullen"]
    assert "3 personnes" in html


def test_search_pages_run_over_both_tiers(client, world, url):
    for i in range(20):
        BeneficiaryFactory(antenna=world.antenna, last_name=f"Muller{i:02}", first_name="Marie")
        BeneficiaryFactory(antenna=world.antenna, last_name=f"Martin{i:02}", first_name="Mullen")
    client.force_login(world.staff)
    pages = _walk(client, url("beneficiary_list"), {"q": "mull mar"})
    names = [n for p in pages for n in p]
    assert [len(p) for p in pages] == [25, 15]
    first = client.get(url("beneficiary_list"), {"q": "mull mar"}).content.decode()
    assert "personnes" not in first.split("<table")[0]  # more than a page: not counted
    assert names[:20] == [f"MULLER{i:02} Marie" for i in range(20)]
    assert names[20:] == [f"MARTIN{i:02} Mullen" for i in range(20)]


def _queries(client, path, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params or {}).status_code == 200
    return len(ctx)


def test_list_search_and_deep_pages_run_the_same_queries_at_two_sizes(client, world, url):
    client.force_login(world.staff)
    path = url("beneficiary_list")
    client.get(path)  # the first visit stores the current membership in the session
    sizes = {}
    for total in (30, 300):
        have = Beneficiary.objects.count()
        BeneficiaryFactory.create_batch(
            total - have, antenna=world.antenna, last_name="Muller", first_name="Marie"
        )
        deep = pagination.keyset_page(
            [Beneficiary.objects.all()], ordering=("name_key", "pk"), cursor=None, size=28
        ).next_cursor
        sizes[total] = (
            _queries(client, path),
            _queries(client, path, {"cursor": deep}),
            _queries(client, path, {"q": "mull mar"}),
            _queries(client, path, {"q": "mull mar", "status": "referred", "rural": "yes"}),
        )
    # the same at 30 and 300 people, deep pages included; a search reads the rows of the tiers
    # it reaches (one here: every Muller begins with "mull") and counts nothing
    assert sizes[30] == sizes[300] == (9, 9, 8, 8)  # one writes the page's audit event


def test_the_audit_log_pages_run_the_same_queries_at_two_sizes(client, world, url):
    person = BeneficiaryFactory(antenna=world.antenna)
    client.force_login(world.manager)
    path = url("beneficiary_audit", pk=person.pk)
    client.get(path)
    counts = []
    for total in (60, 600):
        AuditEvent.objects.bulk_create(
            AuditEvent(antenna_id=world.antenna.pk, beneficiary_id=person.pk, actor=world.staff,
                       action=audit.Action.VIEW, model="beneficiary", object_id=person.pk)
            for _ in range(total - AuditEvent.objects.filter(beneficiary_id=person.pk).count())
        )  # fmt: skip
        counts.append(_queries(client, path))
    pages = _walk(client, path, rows=lambda html: re.findall(r"<tr><td>", html))
    assert counts[0] == counts[1]
    assert [len(p) for p in pages] == [50] * 12  # reading the log is not itself logged


def test_the_home_panels_count_up_to_the_limit(client, world, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 4)
    BeneficiaryFactory.create_batch(6, antenna=world.antenna, status="active")
    BeneficiaryFactory.create_batch(3, antenna=world.antenna, status="referred")
    client.force_login(world.staff)
    html = client.get(f"/a/{world.antenna.slug}/").content.decode()
    assert (
        '<span class="figure">plus de 4</span> <span class="panel-title">Personnes accompagnées'
        in html
    )
    assert "3 personnes orientées, pas encore accompagnées" in html
