"""The desk's paper on a 390 px phone in Chromium, with axe-core: check-out with two photos and
a drawn signature, the deposit, check-in with a new scratch and a deduction, a receipt."""

import re
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from billing import deposits
from billing.models import ConditionReport, Deposit
from mobilex.formats import long_date
from services.models import PriceRule, ServiceSettings
from tests.browser.conftest import SCREENSHOTS, check_page, login
from tests.factories import AntennaFactory, Role, TerritoryFactory, member
from tests.services.factories import BeneficiaryFactory, BookingFactory, VehicleFactory

pytestmark = pytest.mark.browser


def photo(tmp_path, name, colour):
    path = tmp_path / name
    Image.new("RGB", (1200, 900), colour).save(path, format="JPEG")
    return path


def draw_signature(page):
    canvas = page.locator("canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 60 + (15 if step % 2 else -15))
    page.mouse.up()


def assert_no_sideways_scroll(page):
    """Neither the page nor any table (inside its scrolling wrapper) is wider than the phone."""
    widths = page.evaluate(
        "[document.documentElement, ...document.querySelectorAll('.table-wrap')]"
        ".map(e => e.scrollWidth - e.clientWidth)"
    )
    assert max(widths) <= 1, (page.url, widths)


def test_checkout_deposit_checkin_deduction_and_receipt_on_a_phone(phone_page, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    antenna = AntennaFactory(territory=TerritoryFactory(), name="Antenne de Betschdorf")
    ServiceSettings.objects.create(antenna=antenna)
    PriceRule.objects.create(antenna=antenna, vehicle_kind="car", price=Decimal(8),
                             reduced_price=Decimal(4), deposit=Decimal(400))  # fmt: skip
    staff = member(antenna, Role.STAFF, email="conseillere@example.org")
    person = BeneficiaryFactory(antenna=antenna, last_name="Muller", first_name="Sonia")
    booking = BookingFactory(
        vehicle=VehicleFactory(antenna=antenna, name="Clio solidaire"), beneficiary=person,
        price=Decimal("24.00"),
    )  # fmt: skip
    page = phone_page
    base = f"{page.base_url}/a/{antenna.slug}/reservations/{booking.pk}"
    login(page, staff.email)

    page.goto(f"{base}/")
    page.get_by_role("link", name="État des lieux au départ").click()
    page.get_by_label("Remarques (rayures, bosses déjà présentes…)").fill("petite rayure arrière")
    page.get_by_label("Photos").set_input_files(
        [photo(tmp_path, "avant.jpg", "red"), photo(tmp_path, "arriere.jpg", "blue")]
    )
    draw_signature(page)
    check_page(page, "billing_checkout_report_phone")
    page.get_by_role("button", name="Enregistrer et signer").click()
    page.get_by_text("État des lieux enregistré.").wait_for()
    checkout = ConditionReport.objects.get(moment="checkout")
    assert checkout.photos.count() == 2 and checkout.signature_method == "drawn"
    expect(page.get_by_role("img", name="Photo 2 au départ")).to_be_visible()

    # Check-out: the deposit is taken on the same page as the vehicle goes out.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Sortie du véhicule").click()
    expect(page.get_by_label(re.compile(r"^Caution \(€\)"))).to_have_value("400,00")  # the rule's
    page.get_by_label("Forme de la caution").select_option("cheque")
    page.get_by_role("button", name="Enregistrer la sortie").click()
    expect(page.get_by_text(re.compile("numéro du chèque"))).to_be_visible()
    check_page(page, "billing_checkout_deposit_error_phone")
    page.get_by_label("Référence (n° de chèque, banque, empreinte)").fill("Chq 0012345")
    page.get_by_role("button", name="Enregistrer la sortie").click()
    page.get_by_text("Sortie enregistrée.").wait_for()
    assert Deposit.objects.get().status == "held"

    page.goto(f"{base}/etat-retour/")
    page.get_by_role("group", name="Carrosserie / cadre").get_by_label("abîmé").check()
    page.get_by_label("Remarques (rayures, bosses déjà présentes…)").fill("rayure portière")
    page.get_by_label("Photos").set_input_files([photo(tmp_path, "rayure.jpg", "green")])
    # The keyboard way to sign: the typed name and the box.
    page.get_by_label(re.compile("^Je ne peux pas tracer ma signature")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Enregistrer et signer").click()
    page.get_by_text("État des lieux enregistré.").wait_for()
    expect(page.locator("tr.changed")).to_have_count(1)
    expect(page.locator("tr.changed")).to_contain_text("abîmé")
    check_page(page, "billing_checkin_compare_phone")
    # Check-in: the deposit given back less the damage, the rental charged, one submit.
    page.get_by_role("link", name="Retour du véhicule et retenue sur la caution").click()
    expect(page.get_by_label("Dégâts constatés au retour")).to_have_value(
        "carrosserie / cadre : abîmé; rayure portière"
    )
    page.get_by_label("Retenue sur la caution pour dégâts (€)").fill("450")
    page.get_by_role("button", name="Enregistrer le retour").click()
    expect(page.get_by_text(re.compile("ne dépasse pas la caution"))).to_be_visible()
    check_page(page, "billing_deduction_error_phone")
    page.get_by_label("Retenue sur la caution pour dégâts (€)").fill("60")
    page.get_by_role("button", name="Enregistrer le retour").click()
    page.get_by_text("Retour enregistré.").wait_for()
    deposit = Deposit.objects.get()
    assert (deposit.status, deposit.deduction) == ("returned", Decimal("60.00"))

    page.goto(f"{base}/caution/")
    expect(page.locator("#deposit")).to_contain_text("retenue 60,00")
    check_page(page, "billing_booking_money_phone")
    page.get_by_role("link", name="MULLER Sonia").click()
    expect(page.locator("#balance")).to_contain_text("reste dû 24,00")
    page.get_by_label("Montant (€)").fill("24")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.get_by_text(re.compile("Paiement enregistré : reçu n°")).wait_for()
    expect(page.locator("#balance")).to_contain_text("reste dû 0,00")
    check_page(page, "billing_account_phone")
    assert_no_sideways_scroll(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^reçu .*00002")).click()
    text = subprocess.run(["pdftotext", download.value.path(), "-"], capture_output=True,
                          check=True).stdout.decode().replace("\u00a0", " ")  # fmt: skip
    assert "Reçu de paiement" in text and "24,00 €" in text and "MULLER Sonia" in text
    assert long_date(timezone.localdate()) in text  # "1er décembre 2026"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", download.value.path(),
                    str(SCREENSHOTS / "billing_receipt_pdf")], check=True)  # fmt: skip
    # The desk's list of deposits held and the last payments, as cards on the phone.
    other = BookingFactory(
        vehicle=VehicleFactory(antenna=antenna, name="Vélo à assistance électrique n° 12"),
        beneficiary=BeneficiaryFactory(antenna=antenna, last_name="Schneider-Hoffmann",
                                       first_name="Marie-Christine"),
    )  # fmt: skip
    deposits.take_deposit(booking=other, amount=Decimal(380), method="card_imprint",
                          reference="Empreinte CB 4970 •••• 1234", taken_by=staff)  # fmt: skip
    for path in ("caisse/", "incidents/", "documents/"):
        page.goto(f"{page.base_url}/a/{antenna.slug}/{path}")
        assert_no_sideways_scroll(page)
    page.goto(f"{page.base_url}/a/{antenna.slug}/caisse/")
    expect(page.get_by_role("row", name=re.compile("SCHNEIDER-HOFFMANN"))).to_contain_text("380,00")
    check_page(page, "billing_home_phone")
    # The condition PDF of both reports, kept as a PNG beside the screenshots to look at.
    pdf = page.request.get(f"{base}/etat.pdf")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-singlefile",
            "-",
            str(SCREENSHOTS / "billing_condition_pdf"),
        ],
        input=pdf.body(),
        check=True,
    )
