"""The officer's journey in Chromium: the territory dashboard, next year's targets (a bad value
first), the report asked for and downloaded; the manager's indicators and TUS pages. Each page
passes axe-core."""

from datetime import date

import pytest
from django.utils import timezone

from tests.browser.conftest import check_page, login
from tests.indicators.factories import BeneficiaryFactory, ServiceUseFactory, seed_factors

pytestmark = pytest.mark.browser
LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def activity(world, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    seed_factors()
    for antenna, count in ((world.antenna, 15), (world.neighbour, 4)):
        for i in range(count):
            person = BeneficiaryFactory(antenna=antenna, entry_date=date(LAST_YEAR, 2, 1))
            ServiceUseFactory(
                antenna=antenna, beneficiary=person, km=12 + i, used_on=date(LAST_YEAR, 5, 3)
            )


def test_officer_follows_the_indicators_sets_targets_and_gets_the_report(page, world, activity):
    login(page, world.officer.email)
    page.get_by_label("Année").first.select_option(str(LAST_YEAR))
    page.get_by_role("button", name="Afficher").click()
    assert page.get_by_role("heading", level=1).inner_text() == "PETR de test"
    # No report compiled for the year yet: the people counts wait for it.
    assert page.get_by_text(f"une fois le rapport annuel {LAST_YEAR} compilé").is_visible()
    assert page.get_by_role("cell", name="< 11").count() == 0

    page.get_by_role("link", name=f"Fixer les objectifs {LAST_YEAR + 1}").click()
    page.get_by_label("Personnes accompagnées (personnes)").fill("-3")
    page.get_by_label("Émissions évitées (tCO2e)").fill("2,5")  # as French people type it
    page.get_by_role("button", name="Enregistrer les objectifs").click()
    assert page.get_by_text("supérieure ou égale à 0").is_visible()
    assert page.get_by_label("Émissions évitées (tCO2e)").input_value() == "2,5"
    check_page(page, "indicators_targets_error")
    page.get_by_label("Personnes accompagnées (personnes)").fill("40")
    page.get_by_role("button", name="Enregistrer les objectifs").click()
    assert page.get_by_text(f"Objectifs {LAST_YEAR + 1} enregistrés.").is_visible()

    page.get_by_role("link", name="Rapports").first.click()
    page.get_by_label("Année").select_option(str(LAST_YEAR))
    page.get_by_role("button", name="Demander le rapport annuel (PDF)").click()
    link = page.get_by_role("link", name=f"Télécharger le rapport {LAST_YEAR} (PDF)").first
    link.wait_for()
    check_page(page, "indicators_reports")
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # The dashboard now shows the counts the report published, secrecy included.
    page.goto(f"{page.base_url}/t/petr-test/?annee={LAST_YEAR}")
    assert page.get_by_role("cell", name="< 11").count() > 0
    check_page(page, "indicators_territory")


def test_dashboard_on_a_phone(phone_page, world, activity):
    login(phone_page, world.officer.email)
    check_page(phone_page, "indicators_territory_phone")


def test_manager_sees_the_antenna_indicators_and_fills_the_tus_report(page, world, activity):
    login(page, world.manager.email)
    page.goto(f"{page.base_url}/a/antenne-a/indicateurs/?annee={LAST_YEAR}")
    assert page.get_by_role("heading", level=1).inner_text() == "Indicateurs – Antenne A"
    check_page(page, "indicators_antenna")
    page.get_by_role("link", name="Rapport TUS au préfet").first.click()
    page.get_by_label("Nom de l'association").fill("Mobilex")
    page.get_by_label("Numéro RNA").fill("12")
    page.get_by_label("Adresse du siège").fill("1 rue du Moulin")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("W suivi de 9 chiffres").first.is_visible()
    check_page(page, "indicators_tus_error")
    page.get_by_label("Numéro RNA").fill("W672001234")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Informations de l'association enregistrées.").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Télécharger le rapport TUS {LAST_YEAR} (PDF)").click()
    assert download.value.suggested_filename == f"rapport-tus-antenne-a-{LAST_YEAR}.pdf"
