"""Rental contracts: versioned rules, the PDF's content, signatures drawn or typed with the
SHA-256 of the document signed, and who may download it (the team, the person's prescriber)."""

import base64
import hashlib
import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from PIL import Image

from billing import contracts, deposits
from billing.models import Contract, Signature
from tests.services.factories import BeneficiaryFactory, BookingFactory, VehicleFactory


def drawing() -> str:
    image = Image.new("RGB", (300, 100), "white")
    image.paste((0, 0, 0), (20, 40, 280, 48))
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return "data:image/png;base64," + base64.b64encode(stream.getvalue()).decode()


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return out.stdout.decode().replace("\u00a0", " ")


@pytest.fixture(autouse=True)
def private(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def url(name, antenna, **kwargs):
    return reverse(name, kwargs={"antenna_slug": antenna.slug, **kwargs})


@pytest.mark.django_db
def test_signed_contract_carries_the_rules_version_price_and_signatures(rental, world):
    contracts.publish_rules(antenna=world.antenna, text="Article 1 : rendre le plein.", by=None)
    deposits.take_deposit(
        booking=rental,
        amount=Decimal(400),
        method="cheque",
        reference="Chq 3",
        taken_by=world.staff,
    )
    contract = contracts.sign_contract(
        booking=rental, by=world.staff, person_name="Alex Martin", drawing=drawing()
    )
    contracts.publish_rules(antenna=world.antenna, text="Article 1 : nouvelle règle.", by=None)
    contract.refresh_from_db()
    assert contract.rules.version == 1  # the version signed, not the newest
    unsigned = contracts.unsigned_path(contract).read_bytes()
    assert hashlib.sha256(unsigned).hexdigest() == contract.document_sha256
    person, staff = contract.signatures.order_by("role")
    assert (person.role, person.method, person.name) == ("person", "drawn", "Alex Martin")
    assert staff.recorded_by == world.staff and person.document_sha256 == contract.document_sha256
    text = pdf_text(contracts.signed_path(contract).read_bytes())
    assert "Article 1 : rendre le plein." in text and "version 1" in text
    assert "24,50 €" in text and "prix fixé à la réservation" in text  # 24,50 ≠ 8,00 × n
    assert "400,00 € (chèque non encaissé)" in text
    assert world.structure.name in text or "aucun" in text
    assert contract.document_sha256 in text.replace("\n", "")


@pytest.mark.django_db
def test_how_the_price_was_computed(antenna, world):
    person = BeneficiaryFactory(antenna=antenna, has_c2s=True)
    booking = BookingFactory(
        vehicle=VehicleFactory(antenna=antenna), beneficiary=person, price=Decimal("12.00")
    )
    breakdown = contracts.price_breakdown(booking)
    assert breakdown["unit_price"] == Decimal("4.00") and breakdown["units"] == 3
    assert breakdown["reduced_because"] == "bénéficie de la C2S"
    text = pdf_text(contracts.draft_pdf(booking))
    assert "4,00 € par jour × 3" in text and "bénéficie de la C2S" in text
    assert "PROJET" in text


@pytest.mark.django_db
def test_typed_signature_and_bad_input_at_the_desk(client, world, rental):
    client.force_login(world.staff)
    page = url("billing_contract", world.antenna, pk=rental.pk)
    response = client.post(page, {"person_name": "Alex Martin"})
    assert response.status_code == 400
    assert "Faites signer" in response.context["form"].errors["drawing"][0]
    response = client.post(page, {"person_name": "Alex", "drawing": "data:image/png;base64,xx"})
    assert response.context["form"].errors["drawing"] == ["La signature tracée est illisible."]
    assert 'value="Alex"' in response.content.decode()
    assert not Contract.objects.exists()
    client.post(page, {"person_name": "Alex Martin", "typed_consent": "on"})
    signature = Signature.objects.get(role="person")
    assert (signature.method, signature.image) == ("typed", "")
    pdf = client.get(url("billing_contract_pdf", world.antenna, pk=rental.pk))
    assert "Lu et approuvé" in pdf_text(b"".join(pdf.streaming_content))


@pytest.mark.django_db
def test_the_prescriber_sees_the_contract_of_their_person_only(client, world, rental):
    contracts.sign_contract(booking=rental, by=world.staff, person_name="A", typed_consent=True)
    pdf = url("billing_contract_pdf", world.antenna, pk=rental.pk)
    client.force_login(world.social_worker)  # S1 referred the person
    assert client.get(pdf).status_code == 200
    assert (
        str(rental.beneficiary)
        in client.get(url("billing_documents", world.antenna)).content.decode()
    )
    client.force_login(world.other_social_worker)
    assert client.get(pdf).status_code == 404
    assert (
        str(rental.beneficiary)
        not in client.get(url("billing_documents", world.antenna)).content.decode()
    )
    client.force_login(world.neighbour_manager)
    assert client.get(url("billing_contract_pdf", world.neighbour, pk=rental.pk)).status_code == 404


@pytest.mark.django_db
def test_rules_versions(client, world):
    client.force_login(world.manager)
    page = url("billing_rules", world.antenna)
    assert client.post(page, {"text": "  "}).status_code == 400
    client.post(page, {"text": "v1"})
    client.post(page, {"text": "v2"})
    assert contracts.current_rules(world.antenna.pk).version == 2
    client.force_login(world.staff)
    assert client.get(page).status_code == 404
