"""Retention (CNIL référentiel, délibération 2021-028): a record without contact for two years is
anonymised; a person may ask for erasure at any time. Both keep what the statistics need
(commune, gender, situation, birth year, status and dates, licence, goals, service uses) and erase
everything that identifies the person; the kept attributes are then generalised until no
anonymised record stands out among its antenna's (beneficiaries/generalisation.py)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries import audit
from beneficiaries.generalisation import generalise
from beneficiaries.models import Beneficiary, Diagnostic, Note, Referral

RETENTION = timedelta(days=2 * 365)
ANONYMOUS = "ANONYME"

# Other apps keep free text about the person too; they register a function here (in their
# AppConfig.ready) that erases it, called by both anonymisation and erasure on request.
_erasers = []


def register_eraser(eraser):
    """`eraser(beneficiary)` blanks the free text its app holds about the person."""
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def _erase_elsewhere(person) -> None:
    for eraser in _erasers:
        eraser(person)


def _erase_person(person: Beneficiary) -> None:
    person.last_name = ANONYMOUS
    person.first_name = f"#{person.pk}"
    person.birth_date = date(person.birth_date.year, 7, 1)  # the age band survives
    person.phone = ""
    person.email = ""
    person.address = ""
    person.disability_recognition = False
    person.disability_reason = ""
    person.resources_yearly = None
    person.consent_note = ""
    person.referent = None
    person.anonymised_at = timezone.now()
    person.version += 1
    person.save()


@transaction.atomic
def anonymise(*, beneficiary, actor=None) -> Beneficiary:
    """Erase identifying data and the free text about the person; keep structured answers,
    generalised until the person shares them with others (beneficiaries/generalisation.py)."""
    person = _anonymise(beneficiary.pk, actor)
    generalise(antenna_id=person.antenna_id)
    person.refresh_from_db()
    return person


def _anonymise(pk: int, actor) -> Beneficiary:
    person = Beneficiary.objects.select_for_update().get(pk=pk)
    if person.anonymised_at is not None:
        return person
    _erase_person(person)
    Note.objects.filter(beneficiary=person).update(text=_("(note effacée)"))
    Diagnostic.objects.filter(beneficiary=person).update(
        health_constraints="", destinations="", comments=""
    )
    referrals = Referral.objects.filter(beneficiary=person)
    referrals.update(reason=_("(motif effacé)"))
    referrals.exclude(refusal_reason="").update(refusal_reason=_("(motif effacé)"))
    _erase_elsewhere(person)
    audit.record(
        antenna_id=person.antenna_id, actor=actor, action=audit.Action.ANONYMISE, obj=person
    )
    return person


@transaction.atomic
def erase_on_request(*, beneficiary, actor) -> Beneficiary:
    """Irreversible erasure asked by the person: notes, diagnostics and referrals go; the record
    stays as an anonymous shell because service uses of other apps point at it (PROTECT)."""
    person = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    Note.objects.filter(beneficiary=person).delete()
    Diagnostic.objects.filter(beneficiary=person).delete()
    Referral.objects.filter(beneficiary=person).delete()
    _erase_elsewhere(person)
    if person.anonymised_at is None:
        _erase_person(person)
    audit.record(antenna_id=person.antenna_id, actor=actor, action=audit.Action.DELETE, obj=person)
    generalise(antenna_id=person.antenna_id)
    person.refresh_from_db()
    return person


def inactive(today=None):
    today = today or timezone.localdate()
    return Beneficiary.objects.filter(
        anonymised_at__isnull=True, last_contact_on__lt=today - RETENTION
    )


def anonymise_inactive(*, today=None, limit=None) -> int:
    """Anonymise every record past retention, one transaction each; returns how many."""
    pks = inactive(today).order_by("pk").values_list("pk", flat=True)
    if limit:
        pks = pks[:limit]
    count, antennas = 0, set()
    for pk in list(pks):
        with transaction.atomic():
            antennas.add(_anonymise(pk, None).antenna_id)
        count += 1
    # Once per antenna, after the batch: the newly anonymised stand out together or not at all.
    for antenna_id in sorted(antennas):
        with transaction.atomic():
            generalise(antenna_id=antenna_id)
    return count
