"""The social worker's journey in Chromium: register (with a duplicate warning), diagnostic and its
PDF, referral accepted by the antenna staff, exit recorded. Axe checks on every page."""

import datetime
import re
import subprocess

import pytest

from beneficiaries.models import Beneficiary, Referral
from tests.beneficiaries.factories import BeneficiaryFactory
from tests.browser.conftest import SCREENSHOTS, check_page, login

pytestmark = pytest.mark.browser


def fill(page, values):
    for label, value in values.items():
        page.get_by_label(label).fill(value)


def choose(page, options):
    for label, value in options.items():
        page.get_by_label(label).select_option(value)


def test_social_worker_journey(page, world, tmp_path):
    BeneficiaryFactory(
        antenna=world.antenna,
        referring_structure=world.structure,
        last_name="Heintz",
        first_name="Céline",
        birth_date=datetime.date(1991, 5, 17),
    )
    base = f"{page.base_url}/a/{world.antenna.slug}"
    login(page, world.social_worker.email)
    page.get_by_role("link", name="Mes bénéficiaires").first.click()
    check_page(page, "beneficiaries_sw_list")
    page.get_by_role("link", name="Enregistrer une personne").click()
    page.locator("#id_last_name").fill("HEINTZ")
    fill(
        page, {"prénom": "celine", "date de naissance": "1991-05-17", "téléphone": "07 81 22 33 44"}
    )
    choose(page, {"genre": "f", "situation": "job_seeker", "permis de conduire": "code_passed"})
    page.get_by_label("commune de résidence").select_option(label="Betschdorf (67660)")
    page.get_by_label("emploi").check()
    page.get_by_role("button", name="Enregistrer").click()
    warning = page.get_by_role("alert")
    assert "Cette personne existe peut-être déjà" in warning.inner_text()
    assert "HEINTZ Céline" in warning.inner_text()
    check_page(page, "beneficiaries_duplicate_warning")
    assert page.get_by_label("téléphone").input_value() == "07 81 22 33 44"
    page.get_by_label("il s'agit bien d'une autre personne").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/beneficiaires/*/")
    person = Beneficiary.objects.get(phone="07 81 22 33 44")
    assert person.referring_structure == world.structure
    check_page(page, "beneficiaries_detail_sw")

    page.get_by_role("link", name="Diagnostic mobilité").click()
    choose(
        page,
        {
            "permis et véhicule": "code_passed",
            "code de la route": "passed",
            "pratique du vélo": "partial",
            "transports en commun": "none",
            "lecture de carte ou d'horaires": "partial",
            "compétences numériques": "autonomous",
            "mode de déplacement actuel": "walk",
            "mode sans le service": "unknown",
        },
    )
    fill(
        page,
        {
            "date du diagnostic": "2026-02-10",
            "distance à parcourir (km)": "16,5",
            "destinations": "Zone d'activités de Haguenau",
        },
    )
    page.get_by_label("Location de vélo à assistance électrique").check()
    check_page(page, "beneficiaries_diagnostic_form")
    page.get_by_role("button", name="Enregistrer le diagnostic").click()
    check_page(page, "beneficiaries_diagnostic_detail")
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger l’attestation PDF").click()
    pdf_path = tmp_path / "diagnostic.pdf"
    info.value.save_as(pdf_path)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "HEINTZ celine" in text
    assert "Fait à Bischwiller, le 10 février 2026" in text
    assert "valable 6 mois, jusqu'au 10 août 2026" in text
    assert "Chantier S1" in text and str(world.social_worker) in text
    SCREENSHOTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf_path),
            str(SCREENSHOTS / "beneficiaries_diagnostic_pdf"),
        ],
        check=True,
    )

    page.goto(f"{base}/beneficiaires/{person.pk}/")
    page.get_by_role("link", name="Orienter vers l'antenne").click()
    page.get_by_label("Transport d'utilité sociale").check()
    page.get_by_label("motif de l'orientation").fill("Rejoindre un chantier à Haguenau")
    page.get_by_role("button", name="Envoyer l’orientation").click()
    assert Referral.objects.get(beneficiary=person).status == "sent"
    page.get_by_role("button", name="Se déconnecter").click()

    login(page, world.staff.email)
    page.goto(f"{base}/orientations/")
    check_page(page, "beneficiaries_referral_inbox")
    page.get_by_label("accepter").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert "acceptée" in page.get_by_role("status").inner_text()
    person.refresh_from_db()
    assert person.status == "active"

    page.goto(f"{base}/beneficiaires/{person.pk}/")
    page.get_by_role("link", name="Entrée ou sortie").click()
    page.get_by_label("statut").select_option("exited")
    page.get_by_label("date de sortie").fill("2020-01-01")
    page.get_by_role("button", name="Enregistrer").click()
    assert "précède la date d'entrée" in page.content()
    assert "Indiquez le motif de sortie." in page.content()
    check_page(page, "beneficiaries_status_error")
    page.get_by_label("date de sortie").fill(datetime.date.today().isoformat())
    page.get_by_label("motif de sortie").select_option("durable_job")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/beneficiaires/{person.pk}/")
    assert "sorti·e" in page.get_by_role("heading", level=1).inner_text()
    check_page(page, "beneficiaries_detail_staff_exited")
    person.refresh_from_db()
    assert (person.status, person.exit_outcome) == ("exited", "durable_job")


def test_lists_and_record_at_phone_width(phone_page, world):
    person = BeneficiaryFactory(
        antenna=world.antenna,
        referring_structure=world.structure,
        last_name="Schœn",
        first_name="Jérôme",
        phone="06 01 02 03 04",
        goals=["job", "care"],
    )
    BeneficiaryFactory.create_batch(30, antenna=world.antenna, referring_structure=world.structure)
    login(phone_page, world.manager.email)
    phone_page.goto(f"{phone_page.base_url}/a/{world.antenna.slug}/beneficiaires/")
    phone_page.get_by_label("Rechercher", exact=True).fill("schoen jer")
    phone_page.get_by_role("link", name="SCHŒN Jérôme").wait_for()
    assert "1 personne" in phone_page.locator("#results").inner_text()
    phone_page.wait_for_url(re.compile("schoen"))  # htmx pushes the search into the address
    status = phone_page.get_by_label("Statut")
    assert status.is_hidden()  # the filters are folded; the search box stays in view
    check_page(phone_page, "beneficiaries_list_phone")
    phone_page.get_by_text("Filtrer", exact=True).click()
    status.select_option("referred")
    phone_page.get_by_role("button", name="Appliquer les filtres").click()
    phone_page.wait_for_url("**status=referred**")
    assert phone_page.get_by_label("Statut").is_visible()  # open while a filter is in use
    assert "1 actif" in phone_page.locator(".filter-more summary").inner_text()
    check_page(phone_page, "beneficiaries_list_phone_filters")
    phone_page.get_by_role("link", name="SCHŒN Jérôme").click()
    check_page(phone_page, "beneficiaries_detail_phone")
    phone_page.goto(
        f"{phone_page.base_url}/a/{world.antenna.slug}/beneficiaires/{person.pk}/modifier/"
    )
    check_page(phone_page, "beneficiaries_form_phone")
