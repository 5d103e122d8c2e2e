"""Billing pages: the happy path, bad input next to the field, another antenna's 404, fixed
query counts, a receipt read through pdftotext, and the accountant's XLSX and CSV."""

import io
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from billing import charges, deposits, payments
from billing.models import Payment
from tests.services.factories import BeneficiaryFactory, BookingFactory, VehicleFactory


def url(name, antenna, **kwargs):
    return reverse(name, kwargs={"antenna_slug": antenna.slug, **kwargs})


def pay(person, world, amount="10.00", **options):
    return payments.record_payment(
        beneficiary=person, amount=Decimal(amount), method="cash", paid_on=date(2026, 11, 2),
        received_by=world.staff, advance=True, **options,
    )  # fmt: skip


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.django_db
def test_record_a_payment_and_download_its_receipt(client, world, person, rental):
    charges.charge_rental(booking=rental)
    client.force_login(world.staff)
    response = client.post(
        url("billing_pay", world.antenna, pk=person.pk),
        {"amount": "1234,50", "method": "cheque", "paid_on": "2026-11-01", "advance": "on",
         "payer": world.other_structure.pk, "reference": "Chq 77"},
    )  # fmt: skip
    assert response.status_code == 302
    payment = Payment.objects.get(beneficiary=person)
    page = client.get(url("billing_account", world.antenna, pk=person.pk)).content.decode()
    assert "avance de 1\u00a0210,00\u00a0€" in page
    receipt = client.get(url("billing_receipt", world.antenna, pk=payment.pk))
    assert receipt["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(receipt.streaming_content))
    assert "2026-00001" in text
    assert "1 234,50 €" in text.replace("\u00a0", " ")
    assert "1er novembre 2026" in text  # the receipt's date, the French way
    assert "1er novembre 2026" in page
    assert world.other_structure.name in text and person.last_name.upper() in text


@pytest.mark.django_db
def test_bad_payments_are_refused_next_to_the_field_keeping_what_was_typed(
    client, world, person, rental
):
    charges.charge_rental(booking=rental)  # 24,50 € owed
    client.force_login(world.staff)
    account = url("billing_pay", world.antenna, pk=person.pk)
    response = client.post(
        account, {"amount": "-3", "method": "cash", "paid_on": "2126-01-01", "reference": "abc"}
    )
    assert response.status_code == 400
    form = response.context["payment_form"]
    assert form.errors["amount"] == ["Le montant doit être positif."]
    assert "paid_on" in form.errors
    assert 'value="abc"' in response.content.decode()
    response = client.post(account, {"amount": "30", "method": "cash", "paid_on": "2026-11-02"})
    assert response.status_code == 400
    assert "cochez « avance »" in response.context["payment_form"].errors["amount"][0]
    assert "24,50" in response.context["payment_form"].errors["amount"][0]
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_cancel_issues_a_credit_note(client, world, person):
    payment = pay(person, world)
    client.force_login(world.manager)
    response = client.post(url("billing_cancel", world.antenna, pk=payment.pk), {"reason": ""})
    payment.refresh_from_db()
    assert payment.status == "recorded"
    client.post(url("billing_cancel", world.antenna, pk=payment.pk), {"reason": "doublon"})
    credit = Payment.objects.get(kind="credit_note")
    text = pdf_text(
        b"".join(client.get(url("billing_receipt", world.antenna, pk=credit.pk)).streaming_content)
    )
    assert "Avoir annulant le reçu n° 2026-00001" in text and "doublon" in text
    assert response.status_code == 302


@pytest.mark.django_db
def test_another_antennas_billing_is_404(client, world, person, rental):
    payment = pay(person, world)
    client.force_login(world.neighbour_manager)
    for name, pk in (("billing_account", person.pk), ("billing_receipt", payment.pk),
                     ("billing_booking", rental.pk)):  # fmt: skip
        assert client.get(url(name, world.neighbour, pk=pk)).status_code == 404
    client.force_login(world.social_worker)  # the person's own prescriber: not the till
    assert client.get(url("billing_account", world.antenna, pk=person.pk)).status_code == 404


@pytest.mark.django_db
def test_accountant_export_xlsx_and_csv(client, world, person):
    from openpyxl import load_workbook

    first = pay(person, world, "1234.50")
    pay(person, world, "5.00", payer=world.other_structure)
    payments.cancel_payment(payment=first, by=world.manager, reason="erreur")
    client.force_login(world.manager)
    export = url("billing_export", world.antenna)
    response = client.get(export, {"month": "2026-11", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "N°"
    assert [r[0] for r in rows[1:3]] == ["2026-00001", "2026-00002"]
    assert rows[1][7] == 1234.5  # a number the accountant sums, shown as "1 234,50 €"
    assert sheet.cell(row=2, column=8).number_format == '#,##0.00 "€"'
    csv_text = client.get(export, {"month": "2026-11", "format": "csv"}).content.decode()
    assert "2026-00002;reçu;02/11/2026" in csv_text and ";5,00;" in csv_text
    assert client.get(export, {"month": "novembre"}).status_code == 400
    assert len(list(sheet.values)) == 1 + Payment.objects.filter(paid_on__month=11).count()


def _fill(world, people):
    for _ in range(people):
        person = BeneficiaryFactory(antenna=world.antenna)
        booking = BookingFactory(vehicle=VehicleFactory(antenna=world.antenna),
                                 beneficiary=person, price=Decimal(9))  # fmt: skip
        charges.charge_rental(booking=booking)
        pay(person, world, "4")
        pay(person, world, "3", payer=world.structure)
        deposits.take_deposit(booking=booking, amount=Decimal(400), method="cash",
                              taken_by=world.staff)  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("people", [1, 6])
def test_pages_run_a_fixed_number_of_queries(client, world, antenna, people,
                                             django_assert_num_queries):  # fmt: skip
    _fill(world, people)
    person = BeneficiaryFactory(antenna=world.antenna)
    for _ in range(people):
        pay(person, world, "2")
    client.force_login(world.staff)
    client.get(url("billing_home", world.antenna))  # warm the session
    with django_assert_num_queries(5):  # no count: a keyset page
        assert client.get(url("billing_home", world.antenna)).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(url("billing_account", world.antenna, pk=person.pk)).status_code == 200


@pytest.mark.django_db
def test_the_latest_payments_a_page_after_another_without_offset(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = BeneficiaryFactory(antenna=world.antenna)
    for amount in range(1, 36):
        pay(person, world, str(amount))
    client.force_login(world.staff)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url("billing_home", world.antenna))
        second = client.get(
            url("billing_home", world.antenna), {"cursor": first.context["page"].next_cursor}
        )
    assert not any("OFFSET" in q["sql"] for q in queries.captured_queries)
    assert [p.amount for p in first.context["page"].object_list] == list(range(35, 5, -1))
    assert [p.amount for p in second.context["page"].object_list] == [5, 4, 3, 2, 1]
    assert "Page suivante" not in second.content.decode()
