"""In Chromium on a 390 px phone: a volunteer ticks their week from their own link; a staff
member records another volunteer's availability and offers a TUS trip to the two drivers free
and near enough; the first opens the SMS link and accepts; the second, later, reads that the
trip is taken."""

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from notifications import volunteers
from notifications.models import Notification
from services.models import ServiceSettings, Trip, TusMembership
from services.occupancy import period_of
from tests.browser.conftest import check_page, login
from tests.browser.test_services_journeys import pick
from tests.factories import AntennaFactory, Role, TerritoryFactory, commune, member
from tests.services.factories import BeneficiaryFactory, DriverFactory

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"


def test_a_volunteer_accepts_a_trip_from_the_phone_and_the_next_one_finds_it_taken(phone_page):
    page = phone_page
    antenna = AntennaFactory(territory=TerritoryFactory(), name="Antenne de Betschdorf")
    ServiceSettings.objects.create(antenna=antenna)
    staff = member(antenna, Role.STAFF, email="conseillere@example.org")
    sonia = BeneficiaryFactory(
        antenna=antenna, first_name="Sonia", phone="06 12 34 56 78", contact_channel="sms"
    )
    start = timezone.localtime() + timedelta(days=2)
    start = start.replace(hour=14, minute=0, second=0, microsecond=0)
    TusMembership.objects.create(
        antenna=antenna, beneficiary=sonia, year=start.year, basis="resources"
    )
    trip = Trip.objects.create(
        antenna=antenna, beneficiary=sonia, pickup=commune("67339"), dropoff=commune("67180"),
        period=period_of(start, start + timedelta(hours=2)), distance_km=Decimal("20.0"),
    )  # fmt: skip
    bruno = DriverFactory(antenna=antenna, first_name="Bruno", phone="06 22 22 22 22")
    volunteers.declare(driver=bruno, home=commune("67180"), max_km=25, email="", slots=[])
    anne = DriverFactory(antenna=antenna, first_name="Anne", phone="06 11 11 11 11")
    days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

    # Bruno ticks his week himself, from the link the antenna sent him.
    page.goto(
        page.base_url + reverse("driver_week", kwargs={"token": volunteers.week_token(bruno)})
    )
    page.get_by_label(f"{days[start.weekday()]} après-midi").check()
    check_page(page, "tus_driver_week_phone")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Enregistrer mes disponibilités").click()
    expect(page.get_by_role("status")).to_contain_text("vos disponibilités sont enregistrées")

    login(page, staff.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/tus/conducteurs/{anne.pk}/disponibilites/")
    pick(page, "betsch", "Betschdorf (67660)", label="Commune du domicile")
    page.get_by_label("Distance maximale jusqu'au départ (km)").fill("10")
    page.get_by_label(f"{days[start.weekday()]} après-midi").check()
    check_page(page, "tus_driver_availability_phone")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Disponibilités enregistrées.")).to_be_visible()

    page.goto(f"{page.base_url}/a/{antenna.slug}/tus/trajets/{trip.pk}/")
    page.get_by_role("link", name="Proposer aux bénévoles disponibles").click()
    rows = page.locator("tbody tr th[scope=row]")
    expect(rows.first).to_contain_text("Anne")  # Betschdorf itself: nearest first
    expect(rows.nth(1)).to_contain_text("Bruno")
    check_page(page, "tus_trip_drivers_phone")
    _no_sideways_scroll(page)
    page.get_by_label(str(anne)).check()
    page.get_by_label(str(bruno)).check()
    page.get_by_role("button", name=re.compile("Envoyer la demande")).click()
    expect(page.get_by_text("Demande envoyée à 2 conducteur·rice(s).")).to_be_visible()

    def link_of(driver):
        text = Notification.objects.get(driver=driver, template="trip_offer").text
        return page.base_url + urlsplit(re.search(r"https?://\S+/tus/\S+/", text).group(0)).path

    bruno_link, anne_link = link_of(bruno), link_of(anne)
    page.context.clear_cookies()  # the driver has no account
    page.goto(bruno_link)
    expect(page.get_by_role("heading", name="Un trajet TUS à pourvoir")).to_be_visible()
    expect(page.get_by_text("Haguenau")).to_be_visible()
    check_page(page, "tus_offer_answer_phone")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="J'accepte ce trajet").click()
    expect(page.get_by_role("status")).to_contain_text("le trajet est à vous")
    check_page(page, "tus_offer_accepted_phone")

    trip.refresh_from_db()
    assert trip.status == Trip.Status.SCHEDULED and trip.driver == bruno
    page.goto(anne_link)
    expect(page.get_by_role("status")).to_contain_text("déjà pris")
    expect(page.get_by_role("button", name="J'accepte ce trajet")).to_have_count(0)
    check_page(page, "tus_offer_taken_phone")
