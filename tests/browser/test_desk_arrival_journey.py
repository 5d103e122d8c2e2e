"""A person who walks into the antenna, on the desk's phone: registered by staff, followed at once
("accueil direct"), booked the same day although the antenna requires an accepted referral; after
an exit, a second desk arrival opens period 2, and the journey shows both. Axe on every page."""

import pytest

from beneficiaries.models import Beneficiary
from services.models import Booking, ServiceSettings
from tests.browser.conftest import check_page, login
from tests.browser.test_beneficiaries_journey import choose, fill
from tests.browser.test_services_journeys import local, pick
from tests.services.factories import VehicleFactory

pytestmark = pytest.mark.browser


def test_desk_arrival_booked_the_same_day_then_a_return(phone_page, world):
    page = phone_page
    ServiceSettings.objects.create(
        antenna=world.antenna, require_accepted_referral=True, require_ebike_training=False
    )
    VehicleFactory(antenna=world.antenna, name="VAE solidaire", kind="ebike", seats=1)
    base = f"{page.base_url}/a/{world.antenna.slug}"
    login(page, world.staff.email)
    page.goto(f"{base}/beneficiaires/nouveau/")
    page.locator("#id_last_name").fill("Kieffer")
    fill(page, {"prénom": "Lina", "date de naissance": "1996-09-02"})
    choose(page, {"genre": "f", "situation": "job_seeker", "permis de conduire": "none"})
    page.get_by_label("commune de résidence").select_option(label="Betschdorf (67660)")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/beneficiaires/*/")
    person = Beneficiary.objects.get(last_name="Kieffer")
    assert person.status == "active"
    page.get_by_text("Début de l'accompagnement (période n° 1)").wait_for()
    check_page(page, "desk_arrival_detail_phone")

    page.goto(f"{base}/reservations/nouvelle/")
    pick(page, "kieff", "KIEFFER Lina")
    car = page.get_by_label("Véhicule")
    car.select_option(car.locator("option", has_text="VAE solidaire").get_attribute("value"))
    page.get_by_label("Début").fill(local(0, 23))
    page.get_by_label("Fin").fill(local(0, 23, 30))
    page.get_by_label("Motif").select_option("job")
    page.get_by_label("Sans ce service").select_option("unknown")
    page.get_by_role("button", name="Réserver").click()
    page.get_by_text("Réservation enregistrée").wait_for()
    check_page(page, "desk_arrival_booked_phone")
    assert Booking.objects.get().beneficiary == person

    page.goto(f"{base}/beneficiaires/{person.pk}/statut/")
    page.get_by_label("statut").select_option("exited")
    page.get_by_label("date de sortie").fill(person.entry_date.isoformat())
    page.get_by_label("motif de sortie").select_option("training")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/beneficiaires/{person.pk}/")
    page.get_by_role("button", name="Accueil direct : accompagner dès maintenant").click()
    page.get_by_text("Accueil direct enregistré").wait_for()
    page.get_by_text("Retour : début de la période d'accompagnement n° 2").wait_for()
    page.get_by_text("Sortie : fin de la période n° 1").wait_for()
    check_page(page, "desk_arrival_return_phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the record scrolls sideways on a phone ({width} px)"
    assert list(person.enrolments.values_list("number", flat=True)) == [1, 2]
