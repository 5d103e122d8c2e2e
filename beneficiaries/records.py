"""Writes on a person's record: creation, edits under optimistic locking, status, diagnostics and
notes. Each one is audited and counts as a contact (retention runs from the last contact)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries import audit, lifecycles, periods, referrals
from beneficiaries.models import Beneficiary, Diagnostic, Note


class StaleRecord(Exception):
    """The record changed since the form was opened."""

    message = _(
        "Cette fiche a été modifiée entre-temps par quelqu'un d'autre. Rien n'a été enregistré : "
        "vos saisies sont conservées ci-dessous. Ouvrez la fiche à jour pour reprendre."
    )


def record_contact(*, beneficiary_id, day) -> None:
    """Another app met the person on `day` (a booking, a service used): the two-year retention
    clock runs from the latest contact, never backwards."""
    Beneficiary.objects.filter(pk=beneficiary_id, last_contact_on__lt=day).update(
        last_contact_on=day
    )


def _touch(beneficiary_pk):
    Beneficiary.objects.filter(pk=beneficiary_pk).update(
        last_contact_on=timezone.localdate(), updated_at=timezone.now()
    )


@transaction.atomic
def create_beneficiary(*, membership, actor, data) -> Beneficiary:
    """A social worker's new person is referred by their structure, with them as référent·e; a
    person registered at the desk by the antenna team came directly: an "accueil direct"
    referral, accepted, so they can be served at once."""
    person = Beneficiary(antenna=membership.antenna, created_by=actor, **data)
    if membership.is_social_worker:
        person.referring_structure = membership.structure
        person.referent = actor
    person.save()
    audit.record(antenna_id=person.antenna_id, actor=actor, action=audit.Action.CREATE, obj=person)
    if not membership.is_social_worker:
        referrals.welcome_directly(beneficiary=person, actor=actor)
        person.refresh_from_db()
    return person


@transaction.atomic
def update_beneficiary(*, beneficiary, version, actor, data) -> Beneficiary:
    """Apply `data` if nobody saved the record since `version` was read; else StaleRecord. The row
    lock makes a simultaneous save wait, then find the version moved on (or the record merged)."""
    current = Beneficiary.objects.select_for_update().filter(pk=beneficiary.pk).first()
    if current is None or current.version != version:
        raise StaleRecord
    for name, value in data.items():
        setattr(current, name, value)
    current.version += 1
    current.last_contact_on = timezone.localdate()
    current.save()
    audit.record(
        antenna_id=current.antenna_id, actor=actor, action=audit.Action.UPDATE, obj=current
    )
    return current


@transaction.atomic
def change_status(*, beneficiary, version, actor, status, entry_date, exit_date, exit_outcome):
    """An entry, an exit, a return, or a correction of the current period's dates: only along
    the person's lifecycle, and the periods follow (beneficiaries/periods.py)."""
    if status != beneficiary.status and not lifecycles.transition_between(
        lifecycles.PERSON, beneficiary.status, status
    ):
        raise ValidationError({"status": _("Ce changement de statut n'est pas possible.")})
    if status != Beneficiary.Status.EXITED:
        exit_date, exit_outcome = None, ""
    person = update_beneficiary(
        beneficiary=beneficiary,
        version=version,
        actor=actor,
        data={
            "status": status,
            "entry_date": entry_date,
            "exit_date": exit_date,
            "exit_outcome": exit_outcome,
        },
    )
    periods.follow(person)
    return person


@transaction.atomic
def add_diagnostic(*, beneficiary, membership, actor, data) -> Diagnostic:
    diagnostic = Diagnostic.objects.create(
        antenna_id=beneficiary.antenna_id,
        beneficiary=beneficiary,
        author=actor,
        structure=membership.structure,
        **data,
    )
    _touch(beneficiary.pk)
    audit.record(
        antenna_id=beneficiary.antenna_id, actor=actor, action=audit.Action.CREATE, obj=diagnostic
    )
    return diagnostic


@transaction.atomic
def add_note(*, beneficiary, membership, actor, text, confidential) -> Note:
    note = Note.objects.create(
        antenna_id=beneficiary.antenna_id,
        beneficiary=beneficiary,
        author=actor,
        author_structure=membership.structure,
        text=text,
        confidential=confidential,
    )
    _touch(beneficiary.pk)
    audit.record(
        antenna_id=beneficiary.antenna_id, actor=actor, action=audit.Action.CREATE, obj=note
    )
    return note
