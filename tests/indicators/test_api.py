"""The REST API publishes what the dashboard and the CSV publish, secrecy included; targets and
reports through it; outsiders get a 404."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import Report, Target
from tests.indicators.factories import BeneficiaryFactory, ServiceUseFactory, publish

THIS_YEAR = timezone.localdate().year
FIGURES = "/api/t/petr-test/indicators/figures/"


@pytest.fixture
def activity(world):
    # 14 people in antenna A, 3 in antenna B (a "< 11" cell), for 2025.
    for antenna, count in ((world.antenna, 14), (world.neighbour, 3)):
        for _ in range(count):
            person = BeneficiaryFactory(antenna=antenna, entry_date=date(2025, 1, 5))
            ServiceUseFactory(
                antenna=antenna, beneficiary=person, km="12.6", used_on=date(2025, 4, 2)
            )
    publish(world.territory, 2025)


def _csv_rows(client, url):
    text = client.get(url).content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _from_csv(text):
    """A CSV cell ("1234", "0,04", "< 11", "s") as the API gives it."""
    if text in ("< 11", "s"):
        return {"value": None, "secret": text}
    number = Decimal(text.replace(",", "."))
    return {"value": int(number) if "," not in text else float(number), "secret": None}


def test_figures_json_equals_the_published_csv(client, world, activity):
    client.force_login(world.officer)
    data = client.get(FIGURES, {"year": 2025}).json()
    rows = _csv_rows(client, "/t/petr-test/indicateurs/export.csv?annee=2025")
    header, indicator_rows = rows[0], rows[1 : 1 + len(data["indicators"])]
    years = header[3:]
    assert years == list(data["indicators"][0]["values"])
    for indicator, row in zip(data["indicators"], indicator_rows, strict=True):
        assert row[0] == indicator["code"]
        assert [_from_csv(c) for c in row[3:]] == list(indicator["values"].values())
    # Each protected table, row by row, as in the CSV after the indicators.
    position = 2 + len(data["indicators"])
    for table in data["tables"]:
        assert rows[position] == [table["title"]]
        for offset, row in enumerate(table["rows"], start=2):
            label, *cells = rows[position + offset]
            assert label == row["label"]
            assert [_from_csv(c) for c in cells] == [*row["cells"].values(), row["total"]]
        position += len(table["rows"]) + 3


def test_figures_hide_small_counts_and_never_their_value(client, world, activity):
    client.force_login(world.officer)
    data = client.get(FIGURES, {"year": 2025}).json()
    followed = {row["name"]: row["followed"] for row in data["antennas"]}
    assert followed["Antenne A"] == {"value": None, "secret": "s"}  # else 17 − 14 gives B
    assert followed["Antenne B"] == {"value": None, "secret": "< 11"}
    values = {i["code"]: i["values"]["2025"] for i in data["indicators"]}
    # Two antennas: antenna A's team would get B's 3 by difference from the total.
    assert values["followed"] == {"value": None, "secret": "s"}
    assert values["uses"] == {"value": 17, "secret": None}  # uses are not people
    assert values["km"] == {"value": 214, "secret": None}  # 17 × 12,6 = 214,2
    assert data["protected"] and "Secret statistique" in data["secrecy_rule"]
    # The dashboard shows the same protected cells.
    body = client.get("/t/petr-test/?annee=2025").content.decode()
    assert "&lt; 11" in body and ">214<" in body


def test_a_bad_year_is_a_clean_api_error(client, world):
    client.force_login(world.officer)
    response = client.get(FIGURES, {"year": 1990})
    assert response.status_code == 400
    assert "2021" in response.json()["year"][0]
    response = client.get(FIGURES, {"year": THIS_YEAR + 1})
    assert response.status_code == 400 and "à venir" in response.json()["year"][0]


def test_the_antenna_team_reads_exact_figures_of_its_antenna(client, world, activity):
    client.force_login(world.neighbour_manager)
    data = client.get("/api/a/antenne-b/indicators/figures/", {"year": 2025}).json()
    assert [a["name"] for a in data["antennas"]] == ["Antenne B"]
    values = {i["code"]: i["values"]["2025"] for i in data["indicators"]}
    assert values["followed"] == {"value": 3, "secret": None}
    assert data["protected"] is False


def test_outsiders_and_other_roles_get_404(client, world, activity):
    client.force_login(world.far_manager)  # another territory
    assert client.get(FIGURES).status_code == 404
    assert client.get("/api/a/antenne-a/indicators/figures/").status_code == 404
    for user in (world.social_worker, world.manager):  # not officers of the territory
        client.force_login(user)
        assert client.get(FIGURES).status_code == 404
        assert client.get("/api/t/petr-test/indicators/targets/").status_code == 404
    client.force_login(world.social_worker)
    assert client.get("/api/a/antenne-a/indicators/figures/").status_code == 404
    client.force_login(world.officer)  # an officer has no antenna membership
    assert client.get("/api/a/antenne-a/indicators/figures/").status_code == 404
    client.logout()
    assert client.get(FIGURES).status_code == 404


def test_catalogue(client, world):
    client.force_login(world.officer)
    groups = client.get("/api/t/petr-test/indicators/catalogue/").json()
    codes = {i["code"]: i for group in groups for i in group["indicators"]}
    assert codes["followed"]["counts_people"] is True
    assert codes["co2e_avoided"]["unit"] == "tCO2e" and codes["co2e_avoided"]["decimals"] == 2


def test_targets_list_create_update_with_clean_errors(client, world):
    url = "/api/t/petr-test/indicators/targets/"
    client.force_login(world.officer)
    created = client.post(
        url, {"year": THIS_YEAR + 1, "indicator": "followed", "value": "120"}, "application/json"
    )
    assert created.status_code == 201, created.json()
    target = Target.objects.get()
    assert target.territory == world.territory and target.set_by == world.officer
    errors = client.post(
        url, {"year": THIS_YEAR + 1, "indicator": "followed", "value": "5"}, "application/json"
    ).json()
    assert errors == {"indicator": ["Un objectif existe déjà pour cet indicateur."]}
    errors = client.post(
        url, {"year": THIS_YEAR + 9, "indicator": "uses", "value": "-4"}, "application/json"
    ).json()
    assert "dans cinq ans au plus" in errors["year"][0]
    assert "supérieure ou égale à\xa00" in errors["value"][0]
    errors = client.post(
        url, {"year": THIS_YEAR, "indicator": "uses", "value": "99999999"}, "application/json"
    ).json()
    assert "inférieure ou égale à 10" in errors["value"][0]  # 10 000 000
    errors = client.post(
        url, {"year": THIS_YEAR, "indicator": "followed", "value": "3.5"}, "application/json"
    ).json()
    assert errors == {"value": ["Cet indicateur se compte en nombres entiers."]}
    response = client.patch(f"{url}{target.pk}/", {"value": "150"}, "application/json")
    assert response.status_code == 200 and response.json()["value"] == "150.00"
    target.refresh_from_db()
    assert target.value == 150
    listed = client.get(url, {"year": THIS_YEAR + 1}).json()
    assert [t["indicator"] for t in listed["results"]] == ["followed"]
    # Another territory's target is not there.
    other = Target.objects.create(
        territory=world.other_territory, year=THIS_YEAR, indicator="uses", value=1
    )
    assert client.get(f"{url}{other.pk}/").status_code == 404
    assert client.patch(f"{url}{other.pk}/", {"value": 9}, "application/json").status_code == 404


def test_reports_request_and_status(client, world, activity, django_capture_on_commit_callbacks):
    url = "/api/t/petr-test/indicators/reports/"
    client.force_login(world.officer)
    assert client.post(url, {"year": 1999}, "application/json").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"year": 2025}, "application/json")
    assert response.status_code == 202
    report = Report.objects.get(requested_by=world.officer)
    status = client.get(f"{url}{report.pk}/").json()
    assert status["status"] == "done", status["error"]
    assert status["download"].endswith(f"/t/petr-test/rapports/{report.pk}/pdf/")
    assert client.get(status["download"]).status_code == 200
    listed = [r["id"] for r in client.get(url).json()["results"]]
    newest_first = Report.objects.order_by("-requested_at", "-pk")
    assert listed == list(newest_first.values_list("pk", flat=True))
    assert listed[0] == report.pk  # the newest first, the activity's published one after
    other = Report.objects.create(territory=world.other_territory, year=2025)
    assert client.get(f"{url}{other.pk}/").status_code == 404


def test_targets_api_takes_the_numbers_it_prints_and_french_ones(client, world):
    url = "/api/t/petr-test/indicators/targets/"
    client.force_login(world.officer)
    created = client.post(
        url, {"year": THIS_YEAR + 1, "indicator": "followed", "value": "24"}, "application/json"
    ).json()
    assert created["value"] == "24.00"
    again = client.patch(f"{url}{created['id']}/", {"value": created["value"]}, "application/json")
    assert again.status_code == 200, again.json()
    french = client.post(
        url, {"year": THIS_YEAR + 1, "indicator": "uses", "value": "7 800"}, "application/json"
    )
    assert french.status_code == 201 and french.json()["value"] == "7800.00"
