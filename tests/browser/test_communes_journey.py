"""A TUS trip anywhere in France, on a phone: the commune picker finds Colmar and Saverne as one
types; Colmar from Betschdorf is refused over 100 km with its distance, Saverne is accepted."""

import re

import pytest
from playwright.sync_api import expect

from services.models import ServiceSettings, Trip
from tests.browser.conftest import check_page, login
from tests.browser.test_services_journeys import local, pick
from tests.factories import AntennaFactory, Role, TerritoryFactory, member
from tests.services.factories import BeneficiaryFactory

pytestmark = pytest.mark.browser


def test_tus_trip_to_colmar_refused_saverne_accepted_on_a_phone(phone_page):
    page = phone_page
    antenna = AntennaFactory(territory=TerritoryFactory(), name="Antenne de Betschdorf")
    ServiceSettings.objects.create(antenna=antenna)
    staff = member(antenna, Role.STAFF, email="conseillere@example.org")
    # Eligible by resources (C2S), so the residence-only rule does not bound the destination.
    BeneficiaryFactory(antenna=antenna, last_name="Schmitt", first_name="Paul", has_c2s=True)
    login(page, staff.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/tus/trajets/nouveau/")
    pick(page, "schm", "SCHMITT Paul")
    pick(page, "betsch", "Betschdorf (67660)", label="Départ")
    page.get_by_label("Arrivée").fill("colm")
    page.get_by_role("button", name=re.compile(r"^Colmar \(68000\) ·")).wait_for()
    check_page(page, "communes_picker_phone")
    pick(page, "colm", "Colmar (68000)", label="Arrivée")
    page.get_by_label("Prise en charge").fill(local(3, 9))
    page.get_by_label("Retour prévu").fill(local(3, 12))
    page.get_by_label("Sans ce service").select_option("car_thermal")
    page.get_by_label("Adhésion réglée aujourd'hui").check()
    page.get_by_role("button", name="Enregistrer la demande").click()
    error = page.get_by_text(
        re.compile(r"Trajet estimé à 1\d\d,\d km : le TUS est limité à 100 km")
    )
    error.wait_for()
    check_page(page, "communes_trip_colmar_refused_phone")
    assert not Trip.objects.exists()
    # Nothing typed is lost: the person and both communes are still chosen.
    expect(page.get_by_text("Colmar (68000)")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    pick(page, "saverne", "Saverne (67700)", label="Arrivée")
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_text("Demande de trajet enregistrée.").wait_for()
    check_page(page, "communes_trip_saverne_phone")
    trip = Trip.objects.get()
    assert trip.dropoff_id == "67437" and 50 < trip.distance_km < 100
