"""The desk on a phone (390 px), in Chromium with axe: a TUS trip called off when the passenger
phones, a vehicle back late that the next person cannot take, and a person who walks in and
leaves with a vehicle the same day."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from beneficiaries.models import Referral
from services import booking, tus
from services.models import Booking, ServiceSettings, TusMembership
from services.occupancy import period_of
from tests.browser.conftest import check_page, login
from tests.browser.test_services_journeys import pick
from tests.factories import (
    AntennaFactory,
    Role,
    StructureFactory,
    TerritoryFactory,
    commune,
    member,
)
from tests.services.factories import BeneficiaryFactory, DriverFactory, VehicleFactory, at

pytestmark = pytest.mark.browser
REFERENCE = "Sans ce service, la personne se serait déplacée en"


@pytest.fixture
def desk():
    antenna = AntennaFactory(territory=TerritoryFactory(), name="Antenne de Betschdorf")
    ServiceSettings.objects.create(
        antenna=antenna, require_ebike_training=False, require_accepted_referral=True
    )
    staff = member(antenna, Role.STAFF, email="accueil@example.org")
    return antenna, staff


def test_a_trip_called_off_by_phone(phone_page, desk):
    antenna, staff = desk
    page = phone_page
    person = BeneficiaryFactory(antenna=antenna, last_name="Schmitt", first_name="Paul")
    car = VehicleFactory(antenna=antenna, name="Kangoo TUS")
    TusMembership.objects.create(
        antenna=antenna, beneficiary=person, year=at(2).year, basis="residence"
    )
    trip = tus.request_trip(
        antenna=antenna, beneficiary=person, pickup=commune("67339"), dropoff=commune("67180"),
        start=at(2, 9), end=at(2, 11), purpose="care",
    )  # fmt: skip
    trip = tus.accept(trip=trip, driver=DriverFactory(antenna=antenna), vehicle=car)
    login(page, staff.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/tus/trajets/{trip.pk}/")
    page.get_by_role("link", name="Annuler le trajet").click()
    page.get_by_role("button", name="Annuler le trajet").click()
    page.get_by_text("Ce champ est obligatoire").wait_for()  # the reason is asked
    check_page(page, "services_trip_cancel_error_phone")
    page.get_by_label("Motif").fill("M. Schmitt a appelé : rendez-vous reporté")
    page.get_by_role("button", name="Annuler le trajet").click()
    page.get_by_text("Trajet annulé").wait_for()
    page.get_by_text("rendez-vous reporté").wait_for()
    check_page(page, "services_trip_cancelled_phone")
    trip.refresh_from_db()
    assert trip.status == "cancelled" and trip.cancelled_by == staff
    assert Booking.objects.get(pk=trip.booking_id).status == "cancelled"  # the car is free


def test_a_late_return_holds_the_vehicle(phone_page, desk):
    antenna, staff = desk
    page = phone_page
    now = timezone.now()
    car = VehicleFactory(antenna=antenna, name="Zoé solidaire")
    late = Booking.objects.create(
        antenna=antenna, vehicle=car,
        beneficiary=BeneficiaryFactory(antenna=antenna, last_name="Roth"),
        period=period_of(now - timedelta(hours=6), now + timedelta(minutes=2)),
    )  # fmt: skip
    booking.check_out(booking=late, at=now - timedelta(hours=6), odometer=1000, level=80)
    following = Booking.objects.create(
        antenna=antenna, vehicle=car,
        beneficiary=BeneficiaryFactory(antenna=antenna, last_name="Weber"),
        period=period_of(now + timedelta(minutes=2), now + timedelta(hours=4)),
    )  # fmt: skip
    # The first rental was due an hour ago and is still out.
    Booking.objects.filter(pk=late.pk).update(
        period=period_of(now - timedelta(hours=6), now - timedelta(hours=1))
    )
    login(page, staff.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/aujourdhui/")
    page.get_by_text("retour en retard").wait_for()
    page.get_by_text("Batterie ou carburant au départ : 80 %").wait_for()
    check_page(page, "services_today_late_phone")
    page.get_by_role("link", name=re.compile("^Sortie Zoé solidaire WEBER")).click()
    page.get_by_text("Attention :").wait_for()  # told before handing the keys over
    page.get_by_role("button", name="Enregistrer la sortie").click()
    page.get_by_text("Ce véhicule n'est pas revenu").wait_for()
    check_page(page, "services_checkout_not_back_phone")
    assert Booking.objects.get(pk=following.pk).status == "reserved"
    page.goto(f"{page.base_url}/a/{antenna.slug}/calendrier/")
    page.get_by_text("pas revenu").first.wait_for()
    check_page(page, "services_week_late_phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_desk_arrival_leaves_with_a_vehicle_the_same_day(phone_page, desk):
    antenna, staff = desk
    page = phone_page
    person = BeneficiaryFactory(antenna=antenna, last_name="Kieffer", first_name="Léa")
    # The antenna's own "accueil direct" orientation, accepted at the desk.
    Referral.objects.create(
        antenna=antenna, beneficiary=person, structure=StructureFactory(antennas=[antenna]),
        services_requested=["car_sharing"], reason="Accueil direct à l'antenne", status="accepted",
    )  # fmt: skip
    car = VehicleFactory(antenna=antenna, name="Clio solidaire")
    login(page, staff.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/reservations/nouvelle/")
    pick(page, "kief", "KIEFFER Léa")
    start = timezone.localtime() + timedelta(minutes=10)
    page.get_by_label("Véhicule").select_option(label=str(car))
    page.get_by_label("Début").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fin").fill((start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Motif").select_option("interview")
    page.get_by_role("button", name="Réserver").click()
    page.get_by_text("comment elle se serait déplacée").wait_for()  # asked, never assumed
    check_page(page, "services_desk_booking_error_phone")
    page.get_by_label(REFERENCE).select_option("unknown")
    page.get_by_role("button", name="Réserver").click()
    page.get_by_text("Réservation enregistrée").wait_for()
    check_page(page, "services_desk_booking_done_phone")
    made = Booking.objects.get()
    assert made.beneficiary == person and made.reference_mode == "unknown"
    # It starts when typed, ten minutes from now (the next day from 23:50 on: not a day test).
    minute = "%Y-%m-%dT%H:%M"
    assert timezone.localtime(made.period.lower).strftime(minute) == start.strftime(minute)


def test_attendance_sheet_and_drivers_fit_a_phone(phone_page, desk):
    from services import workshops
    from tests.services.factories import SessionFactory

    antenna, staff = desk
    page = phone_page
    session = SessionFactory(antenna=antenna, capacity=2, title="Prise en main du VAE")
    for name in ("Kieffer", "Roth", "Weber"):
        person = BeneficiaryFactory(antenna=antenna, last_name=name, first_name="Marie-Christine")
        workshops.register(session=session, beneficiary=person)
    for name in ("Bénévole", "Salariée"):
        DriverFactory(antenna=antenna, last_name=name, phone="+33612345678")
    login(page, staff.email)
    for path, shot in (
        (f"ateliers/{session.pk}/", "services_attendance_phone"),
        ("tus/conducteurs/", "services_tus_drivers_phone"),
    ):
        page.goto(f"{page.base_url}/a/{antenna.slug}/{path}")
        check_page(page, shot)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto(f"{page.base_url}/a/{antenna.slug}/ateliers/{session.pk}/")
    page.get_by_role("link", name="Désinscrire KIEFFER Marie-Christine").click()
    check_page(page, "services_unregister_confirm_phone")
    page.get_by_role("button", name="Désinscrire").click()
    page.get_by_text("quitte la liste d'attente").wait_for()
