"""Possible duplicates of a person in an antenna, and the manager's merge of two records."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from antennas.text import digits, normalise
from beneficiaries import audit, periods
from beneficiaries.models import AuditEvent, Beneficiary

# Fields filled from the absorbed record where the kept one is empty (None or "": a recorded
# False or 0 is an answer). The referring structure too, so that its social workers keep the
# person whose referrals, diagnostics and notes they wrote.
FILLABLE = (
    "phone",
    "email",
    "address",
    "transport_autonomy",
    "consent_note",
    "privacy_notice_on",
    "resources_yearly",
    "can_ride_bike",
    "referring_structure_id",
    "referent_id",
)


@dataclass(frozen=True)
class Duplicate:
    beneficiary: Beneficiary
    reasons: tuple[str, ...]


def find_duplicates(
    queryset, *, last_name, first_name, birth_date, phone="", email="", exclude_pk=None
):
    """People of `queryset` (already scoped to what the user may see) who share the normalised
    name and birth date, the phone digits or the e-mail. One query."""
    name_key = normalise(f"{last_name} {first_name}")
    phone_digits = digits(phone)
    email = (email or "").lower()
    condition = Q(name_key=name_key, birth_date=birth_date) if birth_date else Q(pk__in=[])
    if phone_digits:
        condition |= Q(phone_digits=phone_digits)
    if email:
        condition |= Q(email=email)
    candidates = queryset.filter(condition, anonymised_at__isnull=True).select_related("commune")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for person in candidates[:10]:
        reasons = []
        if person.name_key == name_key and person.birth_date == birth_date:
            reasons.append(_("mêmes nom, prénom et date de naissance"))
        if phone_digits and person.phone_digits == phone_digits:
            reasons.append(_("même téléphone"))
        if email and person.email == email:
            reasons.append(_("même e-mail"))
        found.append(Duplicate(person, tuple(reasons)))
    return found


class MergeError(Exception):
    pass


def relations():
    """Every one-to-many relation towards Beneficiary, whichever app declares it."""
    for rel in Beneficiary._meta.related_objects:
        if rel.one_to_many or rel.one_to_one:
            yield rel.related_model, rel.field.name
        elif rel.many_to_many:
            through = rel.through
            for field in through._meta.get_fields():
                if getattr(field, "related_model", None) is Beneficiary and field.concrete:
                    yield through, field.name


def merge(*, keep, absorb, actor):
    """Move everything that points at `absorb` onto `keep`, complete `keep`'s empty fields, then
    delete `absorb`. All or nothing; audited on the kept record."""
    if keep.pk == absorb.pk or keep.antenna_id != absorb.antenna_id:
        raise MergeError(_("Choisissez deux fiches différentes de la même antenne."))
    try:
        with transaction.atomic():
            # Both rows locked in one statement, in pk order: two crosswise merges of the same
            # pair queue up instead of deadlocking; the second finds one record gone.
            locked = Beneficiary.objects.select_for_update().filter(
                pk__in=(keep.pk, absorb.pk), anonymised_at__isnull=True
            )
            rows = {person.pk: person for person in locked.order_by("pk")}
            if len(rows) != 2:
                raise MergeError(
                    _(
                        "L'une des deux fiches vient d'être fusionnée ou effacée par quelqu'un "
                        "d'autre. Rien n'a été modifié."
                    )
                )
            keep, absorb = rows[keep.pk], rows[absorb.pk]
            periods.absorb(keep=keep, absorb=absorb)  # one history, numbered again
            moved = 0
            for model, field in relations():
                moved += model._base_manager.filter(**{field: absorb.pk}).update(**{field: keep.pk})
            for name in FILLABLE:
                if getattr(keep, name) in (None, "") and getattr(absorb, name) not in (None, ""):
                    setattr(keep, name, getattr(absorb, name))
            keep.goals = sorted(set(keep.goals) | set(absorb.goals))
            keep.last_contact_on = max(keep.last_contact_on, absorb.last_contact_on)
            keep.version += 1
            keep.save()
            absorbed_pk = absorb.pk
            absorb.delete()
            # The reads and changes of what moved belong to the kept record's log from now on.
            AuditEvent.objects.filter(
                antenna_id=keep.antenna_id, beneficiary_id=absorbed_pk
            ).update(beneficiary_id=keep.pk)
            # On the kept record's log; object_id names the absorbed record.
            audit.record(
                antenna_id=keep.antenna_id,
                actor=actor,
                action=audit.Action.MERGE,
                obj=Beneficiary(pk=absorbed_pk),
                beneficiary_id=keep.pk,
            )
    except IntegrityError as error:
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "")
        raise MergeError(
            _(
                "Fusion impossible : les deux fiches ont des enregistrements incompatibles "
                "(règle %(rule)s). Rien n'a été modifié."
            )
            % {"rule": constraint or "?"}
        ) from error
    return keep, moved
