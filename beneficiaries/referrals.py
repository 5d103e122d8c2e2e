"""A social worker refers a person to the antenna; the antenna team accepts or refuses; the
prescriber may withdraw a referral still waiting. A person who walks into the antenna gets an
"accueil direct" referral made by the antenna itself, accepted at once. Accepting starts a period
of follow-up, or a new one for a person who had exited (beneficiaries/periods.py); the statuses
move as beneficiaries/lifecycles.py declares."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries import audit, lifecycles, periods
from beneficiaries.models import Beneficiary, Referral


@transaction.atomic
def send_referral(*, beneficiary, membership, actor, services_requested, reason) -> Referral:
    referral = Referral.objects.create(
        antenna_id=beneficiary.antenna_id,
        beneficiary=beneficiary,
        structure=membership.structure,
        social_worker=actor,
        services_requested=services_requested,
        reason=reason,
    )
    Beneficiary.objects.filter(pk=beneficiary.pk).update(last_contact_on=timezone.localdate())
    audit.record(
        antenna_id=beneficiary.antenna_id, actor=actor, action=audit.Action.CREATE, obj=referral
    )
    return referral


class AlreadyDecided(Exception):
    """Someone decided first (or the referral was erased); `referral` is how it stands now."""

    def __init__(self, referral):
        super().__init__(referral)
        self.referral = referral


def _follow_up(*, beneficiary_id, referral, day):
    """The person is followed from `day`: a first entry, a return after an exit (a new period),
    or nothing new if they are already followed. The row lock orders simultaneous acceptances."""
    person = Beneficiary.objects.select_for_update().get(pk=beneficiary_id)
    person.last_contact_on = day
    fields = ["last_contact_on"]
    name = lifecycles.transition_between(
        lifecycles.PERSON, person.status, Beneficiary.Status.ACTIVE
    )
    if name is not None:
        lifecycles.move(person, lifecycles.PERSON, name)
        person.entry_date, person.exit_date, person.exit_outcome = day, None, ""
        person.version = F("version") + 1
        fields += ["status", "entry_date", "exit_date", "exit_outcome", "version"]
    person.save(update_fields=fields)
    periods.follow(person, referral=referral)


@transaction.atomic
def decide_referral(*, referral, actor, accept: bool, refusal_reason="") -> Referral:
    """The row lock makes a second, simultaneous decision wait, then see the first one instead of
    overwriting it."""
    name = "accept" if accept else "refuse"
    current = Referral.objects.select_for_update().filter(pk=referral.pk).first()
    if current is None or not lifecycles.allowed(current, lifecycles.REFERRAL, name):
        raise AlreadyDecided(current)
    referral = current
    lifecycles.move(referral, lifecycles.REFERRAL, name)
    referral.refusal_reason = "" if accept else refusal_reason
    referral.decided_at = timezone.now()
    referral.decided_by = actor
    referral.save()
    today = timezone.localdate()
    if accept:
        _follow_up(beneficiary_id=referral.beneficiary_id, referral=referral, day=today)
    else:
        Beneficiary.objects.filter(pk=referral.beneficiary_id).update(last_contact_on=today)
    audit.record(
        antenna_id=referral.antenna_id, actor=actor, action=audit.Action.UPDATE, obj=referral
    )
    return referral


@transaction.atomic
def cancel_referral(*, referral, actor, reason: str) -> Referral:
    """The prescriber withdraws a referral the antenna has not decided yet, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez pourquoi l'orientation est retirée.")})
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    lifecycles.move(current, lifecycles.REFERRAL, "cancel")
    current.cancelled_at, current.cancelled_by = timezone.now(), actor
    current.cancel_reason = reason.strip()
    current.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    audit.record(
        antenna_id=current.antenna_id, actor=actor, action=audit.Action.UPDATE, obj=current
    )
    return current


@transaction.atomic
def welcome_directly(*, beneficiary, actor, services_requested=(), reason="") -> Referral:
    """A person who came to the antenna by themselves: an "accueil direct" referral by the
    antenna, accepted at once, so staff can book them straight away (also after an exit)."""
    now = timezone.now()
    referral = Referral.objects.create(
        antenna_id=beneficiary.antenna_id,
        beneficiary=beneficiary,
        origin=Referral.Origin.DIRECT,
        services_requested=list(services_requested),
        reason=reason or _("Accueil direct à l'antenne"),
        status=Referral.Status.ACCEPTED,
        sent_at=now,
        decided_at=now,
        decided_by=actor,
    )
    _follow_up(beneficiary_id=beneficiary.pk, referral=referral, day=timezone.localdate(now))
    audit.record(
        antenna_id=beneficiary.antenna_id, actor=actor, action=audit.Action.CREATE, obj=referral
    )
    return referral
