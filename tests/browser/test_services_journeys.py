"""Staff journeys through the services in Chromium, with axe-core checks and screenshots."""

import re

import pytest
from playwright.sync_api import expect

from billing.models import Deposit
from services.models import Booking, Registration, ServiceSettings, ServiceUse, Trip
from tests.browser.conftest import check_page, login
from tests.factories import AntennaFactory, Role, TerritoryFactory, member
from tests.services.factories import BeneficiaryFactory, DriverFactory, VehicleFactory, at

pytestmark = pytest.mark.browser


def local(days, hour, minute=0):
    return at(days, hour).replace(minute=minute).strftime("%Y-%m-%dT%H:%M")


def pick(page, typed, person, label="Bénéficiaire", keyboard=False):
    """Choose a person with the search-as-you-type picker, by mouse or by keyboard."""
    page.get_by_label(label).fill(typed)
    result = page.get_by_role("button", name=re.compile(f"^{re.escape(person)} ·"))
    result.wait_for()
    if keyboard:
        page.get_by_label(label).press("ArrowDown")
        expect(result).to_be_focused()
        page.keyboard.press("Enter")
    else:
        result.click()
    picker = page.get_by_label(label).locator(
        "xpath=ancestor::div[contains(@class, 'person-picker')]"
    )
    expect(picker.locator("[data-chosen]")).to_have_text(person)


@pytest.fixture
def team():
    antenna = AntennaFactory(territory=TerritoryFactory(), name="Antenne de Betschdorf")
    ServiceSettings.objects.create(antenna=antenna, require_ebike_training=False)
    staff = member(antenna, Role.STAFF, email="conseillere@example.org")
    return antenna, staff


def test_availability_booking_checkout_checkin_on_a_phone(phone_page, team):
    antenna, staff = team
    page = phone_page
    VehicleFactory(antenna=antenna, name="Clio solidaire", odometer_km=52000)
    BeneficiaryFactory(antenna=antenna, last_name="Muller", first_name="Sonia")
    login(page, staff.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/disponibilites/")
    # All of today, whatever the hour: the vehicle goes out and comes back on today's list.
    page.get_by_label("Du").fill(local(0, 0))
    page.get_by_label("Au").fill(local(0, 23, 59))
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("heading", name="1 véhicule libre").wait_for()
    check_page(page, "services_availability_phone")
    page.get_by_role("link", name="Réserver Clio solidaire").click()
    page.get_by_label("Bénéficiaire").fill("mul")
    page.get_by_role("button", name=re.compile("^MULLER Sonia ·")).wait_for()
    check_page(page, "services_booking_picker_phone")
    pick(page, "mul", "MULLER Sonia")
    page.get_by_label("Motif").select_option("job")
    page.get_by_label("Sans ce service, la personne se serait déplacée en").select_option("bus")
    check_page(page, "services_booking_form_phone")
    page.get_by_role("button", name="Réserver").click()
    page.get_by_text("Réservation enregistrée").wait_for()
    check_page(page, "services_booking_detail_phone")
    detail = page.url
    page.goto(f"{page.base_url}/a/{antenna.slug}/calendrier/")
    page.get_by_role("link", name="Semaine suivante →").click()
    # the swap pushes the next week's URL: only then is "précédente" the new week's link
    page.wait_for_url(re.compile(r"[?&]week="))
    page.get_by_role("link", name="← Semaine précédente").click()  # htmx swap, back again
    page.get_by_role("link", name=re.compile("MULLER Sonia")).wait_for()
    check_page(page, "services_week_phone")
    page.goto(detail)
    page.get_by_role("link", name="Sortie du véhicule").click()
    page.get_by_label("Batterie ou carburant (%)").fill("75")
    page.get_by_label(re.compile(r"^Caution \(€\)")).fill("400")
    page.get_by_label("Forme de la caution").select_option("cash")
    check_page(page, "services_checkout_phone")
    page.get_by_role("button", name="Enregistrer la sortie").click()
    page.get_by_text("Sortie enregistrée.").wait_for()
    check_page(page, "services_today_phone")
    page.get_by_role("link", name=re.compile("^Retour Clio")).click()
    page.get_by_label("Compteur (km)").fill("51990")
    page.get_by_role("button", name="Enregistrer le retour").click()
    page.get_by_text("inférieur au départ").wait_for()
    check_page(page, "services_checkin_error_phone")
    page.get_by_label("Compteur (km)").fill("52046")
    page.get_by_label("État et dégâts au retour").fill("RAS")
    page.get_by_role("button", name="Enregistrer le retour").click()
    page.get_by_text("Retour enregistré.").wait_for()
    booking = Booking.objects.get()
    assert booking.status == "returned" and booking.km == 46
    assert ServiceUse.objects.get().km == 46
    assert Deposit.objects.get(booking=booking).status == "refunded"  # the cash paid back


def test_workshop_with_attendance(page, team):
    antenna, staff = team
    for name in ("Kieffer", "Roth", "Weber"):
        BeneficiaryFactory(antenna=antenna, last_name=name)
    login(page, staff.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/ateliers/nouveau/")
    page.get_by_label("Type").select_option("ebike_training")
    page.get_by_label("Intitulé").fill("Prise en main du VAE")
    page.get_by_label("Début").fill(local(7, 14))
    page.get_by_label("Places").fill("2")
    page.get_by_role("button", name="Créer l'atelier").click()
    for name in ("KIEFFER Alex", "ROTH Alex", "WEBER Alex"):
        pick(page, name.split()[0].lower(), name, keyboard=name == "ROTH Alex")
        page.get_by_role("button", name="Inscrire", exact=True).click()
        page.get_by_role("row", name=re.compile(name)).wait_for()
    page.get_by_text("liste d'attente").first.wait_for()
    page.get_by_label("Présence de KIEFFER Alex").select_option("present")
    page.get_by_label("Présence de ROTH Alex").select_option("excused")
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.get_by_text("Feuille de présence enregistrée").wait_for()
    check_page(page, "services_workshop_attendance")
    marks = dict(Registration.objects.values_list("beneficiary__last_name", "attendance"))
    assert marks == {"Kieffer": "present", "Roth": "excused", "Weber": "to_fill"}
    assert Registration.objects.get(beneficiary__last_name="Weber").status == "waiting"


def test_tus_trip_refused_then_accepted(page, team):
    antenna, staff = team
    BeneficiaryFactory(antenna=antenna, last_name="Schmitt", first_name="Paul")
    DriverFactory(antenna=antenna, first_name="Jean", last_name="Bénévole")
    login(page, staff.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/tus/adherents/")
    pick(page, "schm", "SCHMITT Paul")
    page.get_by_label("Année").fill(str(at(14, 9).year))  # the trip's year, even in late December
    page.get_by_role("button", name="Enregistrer l'adhésion").click()
    page.get_by_text("Adhésion enregistrée").wait_for()
    check_page(page, "services_tus_members")
    page.get_by_role("link", name="Nouvelle demande de trajet").click()
    pick(page, "paul", "SCHMITT Paul")
    pick(page, "betsch", "Betschdorf (67660)", label="Départ")
    pick(page, "hagu", "Haguenau (67500)", label="Arrivée")
    page.get_by_label("Prise en charge").fill(local(14, 9))
    page.get_by_label("Retour prévu").fill(local(14, 11, 30))
    page.get_by_label("Sans ce service, la personne se serait déplacée en").select_option("unknown")
    page.get_by_label("Participation (€)").fill("99")
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_text("La participation dépasse 0,32 € par km").wait_for()
    check_page(page, "services_trip_form_error")
    page.get_by_label("Participation (€)").fill("")
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_text("Demande de trajet enregistrée.").wait_for()
    page.get_by_label("Motif du refus").fill("Aucun·e conducteur·rice disponible ce jour-là")
    page.get_by_role("button", name="Refuser").click()
    page.get_by_text("Demande refusée.").wait_for()
    check_page(page, "services_trip_refused")
    page.get_by_label("Conducteur·rice").select_option(label="Jean Bénévole")
    page.get_by_role("button", name="Accepter le trajet").click()
    page.get_by_text("Trajet planifié.").wait_for()
    check_page(page, "services_trip_accepted")
    trip = Trip.objects.get()
    assert trip.status == "scheduled" and trip.driver.last_name == "Bénévole"
