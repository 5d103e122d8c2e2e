"""Manager tools and retention: audit log, merge, right of access, erasure, anonymisation."""

import datetime
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from psycopg.types.range import Range

from beneficiaries import duplicates, tasks
from beneficiaries.models import AuditEvent, Beneficiary, Diagnostic, Note, Referral
from services.models import Booking, ServiceUse, TusMembership, Vehicle
from tests.beneficiaries.factories import (
    BeneficiaryFactory,
    DiagnosticFactory,
    NoteFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


def test_manager_reads_the_log_others_cannot(client, world, person, url):
    client.force_login(world.staff)
    client.get(url("beneficiary_detail", pk=person.pk))
    assert client.get(url("beneficiary_audit", pk=person.pk)).status_code == 404
    client.force_login(world.manager)
    html = client.get(url("beneficiary_audit", pk=person.pk)).content.decode()
    assert "consultation" in html and str(world.staff) in html


def test_merge_moves_related_rows_and_is_audited(client, world, person, url, make_person):
    twin = make_person(last_name="LEFEVRE", first_name="Sami", birth_date=person.birth_date)
    ReferralFactory(beneficiary=twin)
    NoteFactory(beneficiary=twin)
    DiagnosticFactory(beneficiary=twin)
    client.force_login(world.manager)
    page = client.get(url("beneficiary_merge", pk=twin.pk)).content.decode()
    assert f"n° {person.pk}" in page
    response = client.post(
        url("beneficiary_merge", pk=twin.pk), {"other": person.pk, "confirm": "on"}
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


def test_merge_completes_every_empty_field_and_keeps_recorded_answers(world, make_person):
    """The merge page promises that empty fields are completed: the date the person was given
    the data-protection notice must not be lost, nor the structure whose social workers wrote
    what moved; an answer recorded on the kept record (no bike: False) stays."""
    keep = BeneficiaryFactory(antenna=world.antenna, can_ride_bike=False)
    absorb = make_person(
        privacy_notice_on=datetime.date(2025, 1, 2),
        resources_yearly=0,
        can_ride_bike=True,
        referent=world.social_worker,
    )
    NoteFactory(beneficiary=absorb, author_structure=world.structure, text="Suivi S1")
    keep, _ = duplicates.merge(keep=keep, absorb=absorb, actor=world.manager)
    keep.refresh_from_db()
    assert keep.privacy_notice_on == datetime.date(2025, 1, 2)
    assert (keep.resources_yearly, keep.can_ride_bike) == (0, False)
    assert (keep.referring_structure, keep.referent) == (world.structure, world.social_worker)
    assert Beneficiary.objects.visible_to(world.social_worker.memberships.get()).get() == keep


def test_merged_record_log_keeps_the_history_of_the_absorbed_one(client, world, url, make_person):
    keep = make_person(last_name="Kern", first_name="Anne")
    absorb = make_person(last_name="Kern", first_name="Anne")
    diagnostic = DiagnosticFactory(beneficiary=absorb)
    client.force_login(world.staff)
    client.get(url("diagnostic_detail", pk=diagnostic.pk))
    duplicates.merge(keep=keep, absorb=absorb, actor=world.manager)
    client.force_login(world.manager)
    html = client.get(url("beneficiary_audit", pk=keep.pk)).content.decode()
    assert f"Diagnostic n° {diagnostic.pk}" in html and str(world.staff) in html
    assert f"Beneficiary n° {absorb.pk}" in html  # the merge itself


def test_merge_keeps_the_rows_of_other_apps_on_the_kept_person(world, person, make_person):
    """Bookings (PROTECT) and service uses (SET NULL: the indicators would silently lose them)
    of the absorbed person end on the kept one, through the relations other apps declare."""
    kept = make_person(last_name="Lefèvre", first_name="Sami", birth_date=person.birth_date)
    bike = Vehicle.objects.create(
        antenna=world.antenna, kind="ebike", name="VAE 1", identifier="V1", energy="electric"
    )
    start = timezone.now() + timedelta(days=1)
    booking = Booking.objects.create(
        antenna=world.antenna, vehicle=bike, beneficiary=person,
        period=Range(start, start + timedelta(hours=4)),
    )  # fmt: skip
    use = ServiceUse.objects.create(
        antenna=world.antenna, beneficiary=person, service="ebike_rental",
        used_on=timezone.localdate(), km=12, mode="ebike", source_model="Booking",
        source_id=booking.pk,
    )  # fmt: skip
    _, moved = duplicates.merge(keep=kept, absorb=person, actor=world.manager)
    assert moved == 2
    assert not Beneficiary.objects.filter(pk=person.pk).exists()
    booking.refresh_from_db()
    use.refresh_from_db()
    assert (booking.beneficiary_id, use.beneficiary_id) == (kept.pk, kept.pk)
    kept.refresh_from_db()
    assert (kept.phone, kept.version) == ("06 98 76 54 32", 2)


def test_merge_that_breaks_a_rule_changes_nothing(world, person, make_person):
    twin = make_person(last_name="Lefèvre", first_name="Sami")
    NoteFactory(beneficiary=person)
    for someone in (person, twin):  # one TUS membership a year each: merged, they would be two
        TusMembership.objects.create(
            antenna=world.antenna, beneficiary=someone, year=2026, basis="residence"
        )
    with pytest.raises(duplicates.MergeError, match="tusmember_one_per_year"):
        duplicates.merge(keep=twin, absorb=person, actor=world.manager)
    assert Note.objects.get().beneficiary_id == person.pk  # what had moved went back
    assert TusMembership.objects.filter(beneficiary=person).count() == 1
    twin.refresh_from_db()
    assert (twin.phone, twin.version) == ("", 1)


def test_merge_bad_input(client, world, person, url):
    other_antenna = BeneficiaryFactory(antenna=world.neighbour)
    client.force_login(world.manager)
    response = client.post(url("beneficiary_merge", pk=person.pk), {"other": other_antenna.pk})
    html = response.content.decode()
    assert "Aucune autre fiche de l&#x27;antenne ne porte ce numéro." in html
    assert "Cochez pour confirmer la fusion." in html
    assert Beneficiary.objects.filter(pk=other_antenna.pk).exists()


def test_right_of_access_json_and_pdf(client, world, person, url):
    ReferralFactory(beneficiary=person, reason="Accès à l'emploi")
    NoteFactory(beneficiary=person, text="Note confidentielle S1", confidential=True)
    client.force_login(world.manager)
    response = client.get(url("beneficiary_export_json", pk=person.pk))
    data = json.loads(response.content)
    assert data["person"]["nom"] == "Lefèvre"
    assert data["person"]["téléphone"] == "06 98 76 54 32"
    assert data["records"]["orientations"][0]["motif de l'orientation"] == "Accès à l'emploi"
    assert data["records"]["notes de suivi"][0]["note"] == "Note confidentielle S1"
    assert "search_text" not in json.dumps(data)
    pdf = client.get(url("beneficiary_export_pdf", pk=person.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", beneficiary_id=person.pk).count() == 2
    client.force_login(world.staff)
    assert client.get(url("beneficiary_export_json", pk=person.pk)).status_code == 404


def test_erasure_on_request_needs_confirmation(client, world, person, url):
    ReferralFactory(beneficiary=person)
    NoteFactory(beneficiary=person)
    DiagnosticFactory(beneficiary=person)
    client.force_login(world.manager)
    erase = url("beneficiary_erase", pk=person.pk)
    response = client.post(erase, {"confirm_name": "Dupont"})
    assert "Le nom ne correspond pas" in response.content.decode()
    assert 'value="Dupont"' in response.content.decode()
    response = client.post(erase, {"confirm_name": "lefèvre"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "ANONYME" and person.phone == "" and person.email == ""
    # Alone among its antenna's anonymised records, it would stand out: its kept attributes are
    # blanked (beneficiaries/generalisation.py).
    assert (person.birth_date, person.gender, person.situation) == (
        datetime.date(1900, 7, 1),
        "x",
        "other",
    )
    assert person.commune_id == world.antenna.commune_id and person.anonymised_at is not None
    assert not Note.objects.filter(beneficiary=person).exists()
    assert not Diagnostic.objects.filter(beneficiary=person).exists()
    assert not Referral.objects.filter(beneficiary=person).exists()
    html = client.get(url("beneficiary_list")).content.decode()
    assert "LEFÈVRE" not in html


def test_anonymisation_after_two_years_keeps_statistics(world, person, make_person):
    stale = make_person(
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
    # The only anonymised record: its situation is blanked so that it does not stand out
    # (beneficiaries/generalisation.py); what was done and its outcome are kept.
    assert (stale.situation, stale.exit_outcome) == ("other", "training")
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


def test_right_of_access_includes_the_services_used(client, world, person, url):
    """Rows of other apps come along, periods included (a booking's period is a range)."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from services.availability import period_of
    from services.models import Booking, Vehicle

    bike = Vehicle.objects.create(
        antenna=world.antenna, kind="ebike", name="VAE 1", identifier="V1", energy="electric"
    )
    start = timezone.make_aware(datetime(2026, 3, 2, 8))
    Booking.objects.create(
        antenna=world.antenna, vehicle=bike, beneficiary=person,
        period=period_of(start, start + timedelta(hours=10)),
    )  # fmt: skip
    client.force_login(world.manager)
    response = client.get(url("beneficiary_export_json", pk=person.pk))
    assert response.status_code == 200
    bookings = json.loads(response.content)["records"]["réservations"]
    assert bookings[0]["période"]["début"].startswith("2026-03-02T08:00")
    assert bookings[0]["véhicule"] == "VAE 1 (V1)"
