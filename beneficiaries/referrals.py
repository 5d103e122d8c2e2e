"""A social worker refers a person to the antenna; the antenna team accepts or refuses."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from beneficiaries import audit
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


@transaction.atomic
def decide_referral(*, referral, actor, accept: bool, refusal_reason="") -> Referral:
    """Accepting starts the person's follow-up (referred -> active, entry date today). The row lock
    makes a second, simultaneous decision wait, then see the first one instead of overwriting it."""
    current = Referral.objects.select_for_update().filter(pk=referral.pk).first()
    if current is None or current.status != Referral.Status.SENT:
        raise AlreadyDecided(current)
    referral = current
    referral.status = Referral.Status.ACCEPTED if accept else Referral.Status.REFUSED
    referral.refusal_reason = "" if accept else refusal_reason
    referral.decided_at = timezone.now()
    referral.decided_by = actor
    referral.save()
    today = timezone.localdate()
    person = Beneficiary.objects.filter(pk=referral.beneficiary_id)
    person.update(last_contact_on=today)
    if accept:
        person.filter(status=Beneficiary.Status.REFERRED).update(
            status=Beneficiary.Status.ACTIVE, entry_date=today, version=F("version") + 1
        )
    audit.record(
        antenna_id=referral.antenna_id, actor=actor, action=audit.Action.UPDATE, obj=referral
    )
    return referral
