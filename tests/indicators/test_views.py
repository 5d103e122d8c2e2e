"""Pages of the indicators: officers see aggregates, managers their antenna, outsiders a 404."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import AssociationProfile, Report, Target
from tests.indicators.factories import BeneficiaryFactory, ServiceUseFactory, publish

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def activity(world):
    people = [
        BeneficiaryFactory(
            antenna=world.antenna, last_name="Secretnom", entry_date=date(2025, 1, 5)
        )
        for _ in range(14)
    ] + [BeneficiaryFactory(antenna=world.neighbour, entry_date=date(2025, 2, 1)) for _ in range(3)]
    for person in people:
        ServiceUseFactory(
            antenna=person.antenna, beneficiary=person, km=25, used_on=date(2025, 4, 2)
        )
    publish(world.territory, 2025)
    return people


def test_officer_dashboard_shows_protected_aggregates_and_no_names(client, world, activity):
    client.force_login(world.officer)
    response = client.get("/t/petr-test/?annee=2025")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Personnes accompagnées" in body
    assert "Secretnom" not in body
    assert "&lt; 11" in body  # antenna B's 3 people
    assert ">17<" in body  # the territory's uses (not people) are shown


def test_dashboard_query_count_is_fixed(client, world, activity, django_assert_max_num_queries):
    client.force_login(world.officer)
    with django_assert_max_num_queries(45) as first:
        client.get("/t/petr-test/?annee=2025")
    for _ in range(20):
        person = BeneficiaryFactory(antenna=world.neighbour)
        ServiceUseFactory(antenna=world.neighbour, beneficiary=person)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/t/petr-test/?annee=2025")


def test_targets_are_saved_and_bad_values_refused_next_to_the_field(client, world):
    client.force_login(world.officer)
    url = "/t/petr-test/objectifs/"
    response = client.post(url, {"year": THIS_YEAR + 1, "followed": "120", "co2e_avoided": "3.5"})
    assert response.status_code == 302
    assert Target.objects.get(indicator="followed", year=THIS_YEAR + 1).value == 120
    response = client.post(url, {"year": THIS_YEAR + 1, "followed": "-4", "uses": "999999999999"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "supérieure ou égale à 0" in body
    assert "inférieure ou égale à 10" in body  # the uses maximum, 10 000 000
    assert 'value="-4"' in body  # what was typed is kept
    assert Target.objects.get(indicator="followed", year=THIS_YEAR + 1).value == 120
    response = client.post(url, {"year": 1990, "followed": "5"})
    assert "supérieure ou égale à 2021" in response.content.decode()
    response = client.post(url, {"year": THIS_YEAR + 9, "followed": "5"})
    assert "dans cinq ans au plus" in response.content.decode()
    client.post(url, {"year": THIS_YEAR + 1, "followed": ""})
    assert not Target.objects.filter(indicator="followed").exists()


def test_targets_show_on_the_dashboard_with_progress(client, world, activity):
    Target.objects.create(territory=world.territory, year=2025, indicator="uses", value=34)
    client.force_login(world.officer)
    body = client.get("/t/petr-test/?annee=2025").content.decode()
    assert "50 %" in body  # 17 of 34


def test_officer_requests_a_report_and_downloads_it(
    client, world, activity, django_capture_on_commit_callbacks
):
    client.force_login(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/t/petr-test/rapports/", {"year": 2025})
    assert response.status_code == 302
    report = Report.objects.get(requested_by=world.officer)
    assert report.status == Report.Status.DONE, report.error
    assert report.factor_versions["co2e:car_thermal"]["value"] == "0.21760"
    response = client.get(f"/t/petr-test/rapports/{report.pk}/pdf/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert response["X-Checksum-SHA256"] == report.checksum
    # A manager of an antenna of the territory downloads it too; another territory cannot.
    client.force_login(world.neighbour_manager)
    assert client.get(f"/a/antenne-b/indicateurs/rapports/{report.pk}/pdf/").status_code == 200
    client.force_login(world.far_manager)
    assert client.get(f"/a/antenne-c/indicateurs/rapports/{report.pk}/pdf/").status_code == 404


def test_a_bad_year_is_refused_next_to_the_field(client, world):
    client.force_login(world.officer)
    response = client.post("/t/petr-test/rapports/", {"year": 1999})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Report.objects.exists()


def test_a_failed_report_shows_its_reason_and_a_retry(client, world, monkeypatch):
    report = Report.objects.create(territory=world.territory, year=2025)

    def explode(*args, **kwargs):
        raise ValueError("gabarit introuvable")

    monkeypatch.setattr("indicators.reports.render_report", explode)
    from indicators.tasks import compile_report

    compile_report.delay(report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert not report.file
    client.force_login(world.officer)
    body = client.get(f"/t/petr-test/rapports/{report.pk}/etat/").content.decode()
    assert "gabarit introuvable" in body and "Relancer" in body
    assert "hx-trigger" not in body  # no more polling
    assert client.get(f"/t/petr-test/rapports/{report.pk}/pdf/").status_code == 404
    monkeypatch.undo()
    response = client.post(f"/t/petr-test/rapports/{report.pk}/relancer/")
    assert response.status_code == 302
    assert Report.objects.count() == 2  # the failed one stays listed


def test_a_report_left_running_by_a_dead_worker_is_marked_failed(client, world):
    from datetime import timedelta

    from indicators.tasks import fail_stale_reports

    report = Report.objects.create(
        territory=world.territory,
        year=2025,
        status=Report.Status.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
        progress=40,
    )
    client.force_login(world.officer)
    client.get(f"/t/petr-test/rapports/{report.pk}/etat/")
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING  # a page writes nothing
    fail_stale_reports()  # the scheduled task
    body = client.get(f"/t/petr-test/rapports/{report.pk}/etat/").content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "interrompu" in body


def test_pending_report_polls(client, world):
    report = Report.objects.create(territory=world.territory, year=2025, progress=40)
    client.force_login(world.officer)
    body = client.get(f"/t/petr-test/rapports/{report.pk}/etat/").content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="40"' in body


def test_csv_export_has_the_same_protected_figures(client, world, activity):
    client.force_login(world.officer)
    response = client.get("/t/petr-test/indicateurs/export.csv?annee=2025")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    # Two antennas: the total would give antenna B's 3 to antenna A's team.
    assert "followed;Personnes accompagnées;personnes;0;0;0;0;s" in text
    assert "uses;" in text and ";17\r\n" in text
    assert "Antenne B;" in text and "< 11" in text


def test_manager_sees_exact_figures_of_their_antenna_only(client, world, activity):
    client.force_login(world.manager)
    body = client.get("/a/antenne-a/indicateurs/?annee=2025").content.decode()
    assert ">14<" in body
    assert "Antenne B" not in body
    client.force_login(world.neighbour_manager)
    body = client.get("/a/antenne-b/indicateurs/?annee=2025").content.decode()
    assert ">3<" in body  # their own people, not protected from their own team


def test_other_antennas_and_other_roles_get_404(client, world):
    client.force_login(world.far_manager)
    assert client.get("/a/antenne-a/indicateurs/").status_code == 404
    assert client.get("/t/petr-test/objectifs/").status_code == 404
    client.force_login(world.social_worker)
    assert client.get("/a/antenne-a/indicateurs/").status_code == 404
    client.force_login(world.staff)
    assert client.get("/a/antenne-a/indicateurs/tus/").status_code == 404


def test_tus_profile_and_pdf(client, world):
    client.force_login(world.manager)
    url = "/a/antenne-a/indicateurs/tus/"
    response = client.post(url, {"name": "Mobilex", "rna_number": "123", "address": "1 rue X"})
    assert response.status_code == 400
    assert "W suivi de 9 chiffres" in response.content.decode()
    assert 'value="1 rue X"' in response.content.decode()
    response = client.post(
        url,
        {
            "name": "Association Mobilex",
            "rna_number": "W672001234",
            "address": "1 rue du Moulin, 67240 Bischwiller",
            "employees": 6,
            "volunteers": 14,
            "members": 230,
            "contribution_rule": "0,30 € par km",
        },
    )
    assert response.status_code == 302
    assert AssociationProfile.objects.get().antenna == world.antenna
    response = client.get("/a/antenne-a/indicateurs/tus/rapport.pdf?annee=2025")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_targets_take_french_numbers_and_save_again_as_printed(client, world):
    """The exact bug: a year with targets saved, the form printed "24.00" and refused it."""
    client.force_login(world.officer)
    url = "/t/petr-test/objectifs/"
    year = THIS_YEAR + 1
    response = client.post(url, {"year": year, "followed": "24", "uses": "7 800"})
    assert response.status_code == 302
    body = client.get(f"{url}?annee={year}").content.decode()
    assert 'value="24"' in body and 'value="7800"' in body
    response = client.post(
        url, {"year": year, "followed": "24.00", "uses": "7\u202f800", "co2e_avoided": "12,5"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    values = dict(Target.objects.filter(year=year).values_list("indicator", "value"))
    assert values == {"followed": 24, "uses": 7800, "co2e_avoided": Decimal("12.5")}
    response = client.post(url, {"year": year, "followed": "24,5", "uses": "beaucoup"})
    body = response.content.decode()
    assert "Cet indicateur se compte en nombres entiers." in body
    assert "Saisissez un nombre" in body
    assert 'value="beaucoup"' in body
