"""Lists, filters, htmx search, fixed query counts and the API."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beneficiaries import search
from beneficiaries.models import AuditEvent, Beneficiary
from tests.beneficiaries.factories import BeneficiaryFactory, ReferralFactory
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_tsquery_normalises_words_and_phone_numbers():
    assert search.tsquery("Dupô  MAR") == "dupo:* & mar:*"
    assert search.tsquery("06 12 34") == "061234:*"
    assert search.tsquery("+33 6 12") == "0612:*"
    assert search.tsquery("l'Œuvre !") == "l:* & oeuvre:*"
    assert search.tsquery("  ") == ""


def test_search_ignores_accents_and_case(world):
    hit = BeneficiaryFactory(
        antenna=world.antenna, last_name="Schœnenbürger", first_name="Élodie", phone="0612345678"
    )
    BeneficiaryFactory(antenna=world.antenna, last_name="Muller", first_name="Paul")
    BeneficiaryFactory(antenna=world.neighbour, last_name="Schoenenburger", first_name="Elodie")
    mine = Beneficiary.objects.filter(antenna=world.antenna)
    assert list(search.search(mine, "schoenen elo")) == [hit]
    assert list(search.search(mine, "06 12 34")) == [hit]
    assert set(search.search(mine, "betschdorf")) == set(mine)


def test_htmx_search_returns_the_partial(client, world, url):
    BeneficiaryFactory(antenna=world.antenna, last_name="Kœnig", first_name="Léa")
    BeneficiaryFactory(antenna=world.antenna, last_name="Meyer", first_name="Jean")
    client.force_login(world.staff)
    response = client.get(url("beneficiary_list"), {"q": "koenig"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<h1" not in html and "KŒNIG Léa" in html and "MEYER" not in html
    assert "1 personne" in html  # one page holds every match: counted without a query


def test_search_as_you_type_leaves_history_and_cache_sound(client, world, url):
    """htmx pushes ?q=… into the address bar. Back on that address, the browser must not serve
    the partial from its cache as if it were the page, htmx must keep no copy of the names in
    localStorage (shared computers), and the page htmx then asks for is the whole page."""
    BeneficiaryFactory(antenna=world.antenna, last_name="Kœnig", first_name="Léa")
    client.force_login(world.staff)
    partial = client.get(url("beneficiary_list"), {"q": "koenig"}, HTTP_HX_REQUEST="true")
    assert "HX-Request" in partial["Vary"]
    page = client.get(url("beneficiary_list"), {"q": "koenig"})
    assert 'hx-history="false"' in page.content.decode()
    restored = client.get(
        url("beneficiary_list"),
        {"q": "koenig"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    ).content.decode()
    assert "<h1" in restored and 'id="id_q"' in restored and "KŒNIG Léa" in restored


def test_filters(client, world, url):
    rural = commune("67339")
    town = commune("67046")
    BeneficiaryFactory(
        antenna=world.antenna, last_name="Rural", commune=rural, goals=["job"], status="active"
    )
    BeneficiaryFactory(
        antenna=world.antenna,
        last_name="Urbain",
        commune=town,
        goals=["care"],
        referring_structure=world.other_structure,
    )
    client.force_login(world.manager)

    def names(**params):
        html = client.get(url("beneficiary_list"), params).content.decode()
        return {n for n in ("RURAL", "URBAIN") if n in html}

    assert names(rural="yes") == {"RURAL"}
    assert names(rural="no") == {"URBAIN"}
    assert names(goal="care") == {"URBAIN"}
    assert names(status="active") == {"RURAL"}
    assert names(commune="67046") == {"URBAIN"}
    assert names(referring_structure=world.other_structure.pk) == {"URBAIN"}
    assert '<details class="filter-more">' in client.get(url("beneficiary_list")).content.decode()
    html = client.get(url("beneficiary_list"), {"q": "rur"}).content.decode()
    assert '<details class="filter-more">' in html  # searching alone keeps the filters folded
    html = client.get(url("beneficiary_list"), {"goal": "job", "rural": "yes"}).content.decode()
    assert '<details class="filter-more" open>' in html and "2 actifs" in html
    response = client.get(url("beneficiary_list"), {"commune": "00000"})
    assert "Sélectionnez un choix valide" in response.content.decode()


def _count(client, path, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params or {}).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("role", ["staff", "social_worker"])
def test_list_and_search_run_a_fixed_number_of_queries(
    client, world, role, django_assert_num_queries, url
):
    client.force_login(getattr(world, role))
    path = url("beneficiary_list")
    BeneficiaryFactory.create_batch(3, antenna=world.antenna, referring_structure=world.structure)
    client.get(path)  # the first visit stores the current membership in the session
    small = _count(client, path)
    small_search = _count(client, path, {"q": "betsch", "status": "referred", "rural": "yes"})
    BeneficiaryFactory.create_batch(
        60, antenna=world.antenna, referring_structure=world.structure, last_name="Zimmer"
    )
    with django_assert_num_queries(small):
        client.get(path)
    with django_assert_num_queries(small_search):
        client.get(path, {"q": "betsch", "status": "referred", "rural": "yes"})
    html = client.get(path, {"status": "referred"}).content.decode()
    assert 'href="?status=referred&amp;cursor=' in html  # the next page keeps the filters
    assert small <= 10  # one of them writes the page's audit event


def test_referral_inbox_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, url
):
    client.force_login(world.staff)
    path = url("referral_list")
    ReferralFactory(
        beneficiary__antenna=world.antenna, beneficiary__referring_structure=world.structure
    )
    client.get(path)
    small = _count(client, path)
    ReferralFactory.create_batch(
        30, beneficiary__antenna=world.antenna, beneficiary__referring_structure=world.structure
    )
    with django_assert_num_queries(small):
        html = client.get(path).content.decode()
    assert 'href="?status=sent&amp;cursor=' in html
    assert "31 orientations" in html
    cursor = client.get(path).context["page"].next_cursor
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path, {"status": "sent", "cursor": cursor})
    assert len(second.context["page"].object_list) == 6  # 25 on the first page
    assert not any("OFFSET" in q["sql"] for q in queries.captured_queries)


def test_list_of_another_antenna_is_404(client, world, url):
    client.force_login(world.neighbour_manager)
    assert client.get(url("beneficiary_list")).status_code == 404
    client.force_login(world.officer)
    assert client.get(url("beneficiary_list")).status_code == 404


def test_api_lists_visible_people_and_audits_reads(client, world, make_person):
    mine = make_person(
        last_name="Visible",
        disability_recognition=True,
        disability_reason="secret",
        birth_date=datetime.date(1990, 1, 1),
    )
    BeneficiaryFactory(antenna=world.antenna, referring_structure=world.other_structure)
    client.force_login(world.social_worker)
    api = reverse("api_beneficiary_list", kwargs={"antenna_slug": world.antenna.slug})
    data = client.get(api, {"q": "visi"}).json()
    assert [row["id"] for row in data["results"]] == [mine.pk]
    detail = client.get(
        reverse(
            "api_beneficiary_detail", kwargs={"antenna_slug": world.antenna.slug, "pk": mine.pk}
        )
    )
    assert detail.json()["last_name"] == "Visible" and "secret" not in detail.content.decode()
    assert AuditEvent.objects.filter(action="view", object_id=mine.pk).exists()
    assert client.get(api, {"status": "nope"}).status_code == 400
