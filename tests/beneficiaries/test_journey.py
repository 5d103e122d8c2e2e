"""Diagnostic and its PDF, referrals, notes and the journey page."""

import datetime
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beneficiaries.models import AuditEvent, Beneficiary, Diagnostic, Referral
from beneficiaries.pdf import add_months
from tests.beneficiaries.factories import (
    BeneficiaryFactory,
    DiagnosticFactory,
    NoteFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


DIAGNOSTIC = {
    "made_on": "2026-02-03",
    "licence": "none",
    "highway_code": "in_progress",
    "bike": "partial",
    "public_transport": "none",
    "map_reading": "partial",
    "digital_skills": "autonomous",
    "health_constraints": "",
    "distance_km": "18,5",
    "destinations": "Chantier à Haguenau",
    "recommended_services": ["ebike_training", "ebike_rental"],
    "comments": "",
    "current_mode": "walk",
    "reference_mode": "bus",
}


def pdf_text(content, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_diagnostic_and_its_signed_pdf(client, world, person, tmp_path, url):
    world.social_worker.first_name, world.social_worker.last_name = "Nadia", "Keller"
    world.social_worker.save()
    client.force_login(world.social_worker)
    data = {**DIAGNOSTIC, "made_on": "03/02/2026"}  # typed by hand, the French way
    response = client.post(url("diagnostic_create", pk=person.pk), data)
    diagnostic = Diagnostic.objects.get()
    assert response.status_code == 302
    assert diagnostic.structure == world.structure
    assert diagnostic.distance_km == 18.5
    response = client.get(url("diagnostic_pdf", pk=diagnostic.pk))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Diagnostic mobilité" in text
    assert "LEFÈVRE Sami" in text
    assert "Nadia Keller" in text
    assert "Chantier S1" in text
    assert "Fait à Bischwiller, le 3 février 2026" in text
    assert "valable 6 mois, jusqu'au 3 août 2026" in text
    assert "Formation au vélo à assistance électrique" in text


def test_diagnostic_bad_input_kept(client, world, person, url):
    client.force_login(world.social_worker)
    data = {**DIAGNOSTIC, "made_on": "2099-01-01", "bike": ""}  # future, yet within 1900–2100
    response = client.post(url("diagnostic_create", pk=person.pk), data)
    html = response.content.decode()
    assert "Le diagnostic ne peut pas être daté du futur." in html
    assert "Ce champ est obligatoire." in html
    assert "Chantier à Haguenau" in html
    assert not Diagnostic.objects.exists()


def test_diagnostic_of_another_antenna_is_404(client, world, url):
    diagnostic = DiagnosticFactory(beneficiary__antenna=world.neighbour)
    client.force_login(world.manager)
    assert client.get(url("diagnostic_pdf", pk=diagnostic.pk)).status_code == 404


def test_six_months_validity_clamps_month_end():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)


def test_referral_sent_then_accepted_starts_the_follow_up(client, world, person, url):
    client.force_login(world.social_worker)
    response = client.post(
        url("referral_create", pk=person.pk),
        {"services_requested": ["tus", "workshop"], "reason": "Rejoindre sa formation"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.structure, referral.social_worker) == (world.structure, world.social_worker)
    client.force_login(world.staff)
    inbox = client.get(url("referral_list")).content.decode()
    assert "Rejoindre sa formation" in inbox
    response = client.post(url("referral_decide", pk=referral.pk), {"decision": "accept"})
    assert response.status_code == 302
    referral.refresh_from_db()
    person.refresh_from_db()
    assert referral.status == "accepted" and referral.decided_by == world.staff
    assert person.status == "active" and person.entry_date == timezone.localdate()


def test_refusal_needs_a_reason(client, world, person, url):
    referral = ReferralFactory(beneficiary=person, social_worker=world.social_worker)
    client.force_login(world.manager)
    decide = url("referral_decide", pk=referral.pk)
    response = client.post(decide, {"decision": "refuse", "refusal_reason": "  "})
    assert "Un refus doit être motivé." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"
    client.post(decide, {"decision": "refuse", "refusal_reason": "Hors territoire"})
    referral.refresh_from_db()
    assert (referral.status, referral.refusal_reason) == ("refused", "Hors territoire")


def test_referral_bad_input_and_roles(client, world, person, url):
    client.force_login(world.social_worker)
    response = client.post(url("referral_create", pk=person.pk), {"reason": "Travail"})
    assert "Choisissez au moins un service." in response.content.decode()
    assert "Travail" in response.content.decode()
    client.force_login(world.staff)
    assert client.get(url("referral_create", pk=person.pk)).status_code == 404
    client.force_login(world.social_worker)
    assert client.get(url("referral_list")).status_code == 404


def test_confidential_note_stays_in_its_structure(client, world, person, url):
    client.force_login(world.social_worker)
    client.post(
        url("note_create", pk=person.pk),
        {"text": "Situation familiale délicate", "confidential": "on"},
    )
    client.post(url("note_create", pk=person.pk), {"text": "Appel pour le VAE"})
    client.force_login(world.staff)
    html = client.get(url("beneficiary_detail", pk=person.pk)).content.decode()
    assert "Appel pour le VAE" in html
    assert "Situation familiale délicate" not in html
    client.force_login(world.social_worker)
    html = client.get(url("beneficiary_detail", pk=person.pk)).content.decode()
    assert "Situation familiale délicate" in html


def test_empty_note_is_refused(client, world, person, url):
    client.force_login(world.staff)
    response = client.post(url("note_create", pk=person.pk), {"text": ""})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    # the person's whole page was shown again: a read, audited like the page itself
    assert AuditEvent.objects.filter(action="view", beneficiary_id=person.pk).count() == 1


def test_journey_page_queries_do_not_grow(client, world, person, django_assert_num_queries, url):
    client.force_login(world.staff)
    detail = url("beneficiary_detail", pk=person.pk)
    ReferralFactory(beneficiary=person)
    DiagnosticFactory(beneficiary=person)
    NoteFactory(beneficiary=person)
    client.get(detail)
    with CaptureQueriesContext(connection) as small:
        html = client.get(detail).content.decode()
    assert "Diagnostic mobilité" in html and "Premier entretien." in html
    for _ in range(5):
        ReferralFactory(beneficiary=person)
        DiagnosticFactory(beneficiary=person)
        NoteFactory(beneficiary=person)
    with django_assert_num_queries(len(small)):
        client.get(detail)


def test_person_referred_elsewhere_is_invisible_in_list(client, world, person, url):
    BeneficiaryFactory(
        antenna=world.antenna, referring_structure=world.other_structure, last_name="Zorn"
    )
    client.force_login(world.social_worker)
    html = client.get(url("beneficiary_list")).content.decode()
    assert "LEFÈVRE" in html and "ZORN" not in html
    assert Beneficiary.objects.count() == 2
