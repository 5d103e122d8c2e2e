"""Manager tools and retention: audit log, merge, right of access, erasure, anonymisation."""

import datetime
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from beneficiaries import tasks
from beneficiaries.models import AuditEvent, Beneficiary, Diagnostic, Note, Referral
from tests.beneficiaries.factories import (
    BeneficiaryFactory,
    DiagnosticFactory,
    NoteFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(name, kwargs={"antenna_slug": world.antenna.slug, **kwargs})


@pytest.fixture
def person(world):
    return BeneficiaryFactory(
        antenna=world.antenna,
        referring_structure=world.structure,
        last_name="Weiss",
        first_name="Inès",
        birth_date=datetime.date(1979, 11, 23),
        phone="06 98 76 54 32",
        email="ines.weiss@example.org",
        address="2 rue du Moulin",
    )


def test_manager_reads_the_log_others_cannot(client, world, person):
    client.force_login(world.staff)
    client.get(url("beneficiary_detail", world, pk=person.pk))
    assert client.get(url("beneficiary_audit", world, pk=person.pk)).status_code == 404
    client.force_login(world.manager)
    html = client.get(url("beneficiary_audit", world, pk=person.pk)).content.decode()
    assert "consultation" in html and str(world.staff) in html


def test_merge_moves_related_rows_and_is_audited(client, world, person):
    twin = BeneficiaryFactory(
        antenna=world.antenna,
        referring_structure=world.structure,
        last_name="WEISS",
        first_name="Ines",
        birth_date=person.birth_date,
        phone="",
        email="",
        address="",
    )
    ReferralFactory(beneficiary=twin)
    NoteFactory(beneficiary=twin)
    DiagnosticFactory(beneficiary=twin)
    client.force_login(world.manager)
    page = client.get(url("beneficiary_merge", world, pk=twin.pk)).content.decode()
    assert f"n° {person.pk}" in page
    response = client.post(
        url("beneficiary_merge", world, pk=twin.pk), {"other": person.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not Beneficiary.objects.filter(pk=person.pk).exists()
    twin.refresh_from_db()
    assert twin.phone == "06 98 76 54 32" and twin.address == "2 rue du Moulin"
    assert Referral.objects.filter(beneficiary=twin).count() == 1
    assert Note.objects.filter(beneficiary=twin).count() == 1
    assert Diagnostic.objects.filter(beneficiary=twin).count() == 1
    assert AuditEvent.objects.filter(
        action="merge", beneficiary_id=twin.pk, object_id=person.pk, actor=world.manager
    ).exists()


def test_merge_bad_input(client, world, person):
    other_antenna = BeneficiaryFactory(antenna=world.neighbour)
    client.force_login(world.manager)
    response = client.post(
        url("beneficiary_merge", world, pk=person.pk), {"other": other_antenna.pk}
    )
    html = response.content.decode()
    assert "Aucune autre fiche de l&#x27;antenne ne porte ce numéro." in html
    assert "Cochez pour confirmer la fusion." in html
    assert Beneficiary.objects.filter(pk=other_antenna.pk).exists()


def test_right_of_access_json_and_pdf(client, world, person):
    ReferralFactory(beneficiary=person, reason="Accès à l'emploi")
    NoteFactory(beneficiary=person, text="Note confidentielle S1", confidential=True)
    client.force_login(world.manager)
    response = client.get(url("beneficiary_export_json", world, pk=person.pk))
    data = json.loads(response.content)
    assert data["person"]["nom"] == "Weiss"
    assert data["person"]["téléphone"] == "06 98 76 54 32"
    assert data["records"]["orientations"][0]["motif de l'orientation"] == "Accès à l'emploi"
    assert data["records"]["notes de suivi"][0]["note"] == "Note confidentielle S1"
    assert "search_text" not in json.dumps(data)
    pdf = client.get(url("beneficiary_export_pdf", world, pk=person.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", beneficiary_id=person.pk).count() == 2
    client.force_login(world.staff)
    assert client.get(url("beneficiary_export_json", world, pk=person.pk)).status_code == 404


def test_erasure_on_request_needs_confirmation(client, world, person):
    ReferralFactory(beneficiary=person)
    NoteFactory(beneficiary=person)
    DiagnosticFactory(beneficiary=person)
    client.force_login(world.manager)
    erase = url("beneficiary_erase", world, pk=person.pk)
    response = client.post(erase, {"confirm_name": "Dupont"})
    assert "Le nom ne correspond pas" in response.content.decode()
    assert 'value="Dupont"' in response.content.decode()
    response = client.post(erase, {"confirm_name": "weiss"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "ANONYME" and person.phone == "" and person.email == ""
    assert person.birth_date == datetime.date(1979, 7, 1)
    assert person.commune_id == "67339" and person.anonymised_at is not None
    assert not Note.objects.filter(beneficiary=person).exists()
    assert not Diagnostic.objects.filter(beneficiary=person).exists()
    assert not Referral.objects.filter(beneficiary=person).exists()
    html = client.get(url("beneficiary_list", world)).content.decode()
    assert "WEISS" not in html


def test_anonymisation_after_two_years_keeps_statistics(world, person):
    stale = BeneficiaryFactory(
        antenna=world.antenna,
        referring_structure=world.structure,
        last_name="Ancien",
        situation="aah",
        status="exited",
        entry_date=datetime.date(2021, 3, 1),
        exit_date=datetime.date(2022, 6, 1),
        exit_outcome="training",
        last_contact_on=timezone.localdate() - timedelta(days=2 * 365 + 1),
    )
    NoteFactory(beneficiary=stale, text="Vit chez sa sœur")
    refused = ReferralFactory(
        beneficiary=stale, status="refused", refusal_reason="Complet", reason="VAE"
    )
    assert tasks.anonymise_inactive_beneficiaries.delay().get() == 1
    stale.refresh_from_db()
    person.refresh_from_db()
    assert stale.last_name == "ANONYME" and stale.anonymised_at
    assert (stale.situation, stale.exit_outcome, stale.commune_id) == ("aah", "training", "67339")
    assert stale.exit_date == datetime.date(2022, 6, 1)
    assert Note.objects.get(beneficiary=stale).text == "(note effacée)"
    refused.refresh_from_db()
    assert refused.reason == "(motif effacé)" and refused.status == "refused"
    assert person.anonymised_at is None
    assert AuditEvent.objects.filter(action="anonymise", object_id=stale.pk).exists()
    assert tasks.anonymise_inactive_beneficiaries.delay().get() == 0  # idempotent


def test_management_command(world, capsys):
    BeneficiaryFactory(
        antenna=world.antenna, last_contact_on=datetime.date(2020, 1, 1), last_name="Vieux"
    )
    call_command("anonymise_inactive", "--dry-run")
    assert "1 fiche(s) à anonymiser." in capsys.readouterr().out
    call_command("anonymise_inactive")
    assert not Beneficiary.objects.filter(last_name="Vieux").exists()


def test_old_audit_events_are_purged(world, person):
    old = AuditEvent.objects.create(
        antenna=world.antenna,
        action="view",
        model="Beneficiary",
        object_id=person.pk,
        at=timezone.now() - timedelta(days=366),
    )
    recent = AuditEvent.objects.create(
        antenna=world.antenna, action="view", model="Beneficiary", object_id=person.pk
    )
    assert tasks.purge_old_audit_events.delay().get() == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
