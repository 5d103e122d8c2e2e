"""A manager publishes the antenna's offer from a phone, and data·inclusion reads it."""

import pytest
from playwright.sync_api import expect

from antennas.models import Commune
from tests.browser.conftest import check_page, login
from tests.factories import AntennaFactory, Role, TerritoryFactory, commune, member

pytestmark = pytest.mark.browser


def test_a_manager_publishes_a_service_on_a_phone(phone_page):
    page = phone_page
    commune("67339")  # loads the communes a live-server test truncated
    territory = TerritoryFactory()
    territory.communes.set(Commune.objects.filter(insee_code__in=["67339", "67046"]))
    antenna = AntennaFactory(territory=territory, name="Antenne de Betschdorf")
    manager = member(antenna, Role.MANAGER, email="responsable@example.org")
    login(page, manager.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/offre/")
    page.get_by_label("Publier l'antenne dans data·inclusion").check()
    page.get_by_label("Présentation publique").fill("Antenne d'écomobilité solidaire.")
    page.get_by_label("Horaires d'accueil").fill("lundi matin")
    page.get_by_role("button", name="Enregistrer la présentation").click()
    expect(page.get_by_text("Horaires au format OpenStreetMap attendus")).to_be_visible()
    page.get_by_label("Horaires d'accueil").fill("Mo-Fr 09:00-12:00")
    page.get_by_role("button", name="Enregistrer la présentation").click()
    expect(page.get_by_text("Présentation publique enregistrée.")).to_be_visible()
    check_page(page, "offer-phone")

    page.get_by_role("link", name="Décrire Transport d'utilité sociale").click()
    page.get_by_label("Publier ce service").check()
    page.get_by_label("Description").fill(
        "Des conducteurs bénévoles accompagnent les personnes sans moyen de transport."
    )
    page.get_by_label("Précisions sur les frais").fill("0,32 € par km au plus")
    page.get_by_label("Demandeurs d'emploi").check()
    page.get_by_role("button", name="Enregistrer le service").click()
    expect(page.get_by_text("Service enregistré.")).to_be_visible()
    page.get_by_role("link", name="Modifier Transport d'utilité sociale").click()
    expect(page.get_by_role("heading", name="Aperçu")).to_be_visible()
    expect(page.get_by_text("2 communes")).to_be_visible()
    check_page(page, "offer-service-phone")

    body = page.request.get(f"{page.base_url}/api/data-inclusion/services/").json()
    [record] = body["results"]
    assert record["nom"] == "Transport d'utilité sociale"
    assert record["publics"] == ["demandeurs-emploi"]
