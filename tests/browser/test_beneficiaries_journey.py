"""The social worker's journey in Chromium: register (with a duplicate warning), diagnostic and its
PDF, referral accepted by the antenna staff, exit recorded. Axe checks on every page."""

import datetime
import subprocess

import pytest

from beneficiaries.models import Beneficiary, Referral
from tests.beneficiaries.factories import BeneficiaryFactory
from tests.browser.conftest import SCREENSHOTS, check_page, login

pytestmark = pytest.mark.browser


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
    page.get_by_label("prénom").fill("celine")
    page.get_by_label("date de naissance").fill("1991-05-17")
    page.get_by_label("genre").select_option("f")
    page.get_by_label("téléphone").fill("07 81 22 33 44")
    page.get_by_label("commune de résidence").select_option(label="Betschdorf (67660)")
    page.get_by_label("situation").select_option("job_seeker")
    page.get_by_label("permis de conduire").select_option("code_passed")
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
    page.get_by_label("date du diagnostic").fill("2026-02-10")
    page.get_by_label("permis et véhicule").select_option("code_passed")
    page.get_by_label("code de la route").select_option("passed")
    page.get_by_label("pratique du vélo").select_option("partial")
    page.get_by_label("transports en commun").select_option("none")
    page.get_by_label("lecture de carte ou d'horaires").select_option("partial")
    page.get_by_label("compétences numériques").select_option("autonomous")
    page.get_by_label("distance à parcourir (km)").fill("16,5")
    page.get_by_label("destinations").fill("Zone d'activités de Haguenau")
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
    assert "schoen" in phone_page.url
    check_page(phone_page, "beneficiaries_list_phone")
    phone_page.get_by_role("link", name="SCHŒN Jérôme").click()
    check_page(phone_page, "beneficiaries_detail_phone")
    phone_page.goto(
        f"{phone_page.base_url}/a/{world.antenna.slug}/beneficiaires/{person.pk}/modifier/"
    )
    check_page(phone_page, "beneficiaries_form_phone")
