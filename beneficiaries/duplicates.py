"""Possible duplicates of a person in an antenna, and the manager's merge of two records."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from antennas.phones import national_digits
from antennas.text import normalise
from beneficiaries import audit, periods
from beneficiaries.models import Beneficiary

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


# A name this close (rapidfuzz's token-sort ratio on folded names, 0–100) with the same birth
# date is worth a look: "kiefer nadia" / "kieffer nadia" scores 96, "martin paul" / "martin
# pierre" 78; word order does not count ("nadia kiefer" / "kiefer nadia" scores 100).
NAME_THRESHOLD = 85
CANDIDATES = 200  # people sharing a birth date, phone or e-mail that are scored, at most


@dataclass(frozen=True)
class Duplicate:
    beneficiary: Beneficiary
    reasons: tuple[str, ...]
    score: int  # 0–100: how likely it is the same person


def name_similarity(a: str, b: str) -> float:
    """0–100 on folded names, whatever the word order or the spaces ("ben ali" / "benali")."""
    return max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")))


def swapped(day: date | None) -> date | None:
    """The date with day and month swapped (03/12 typed for 12/03), if it is another date."""
    if day is None or day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


def _name_reason(typed: tuple[str, str], found: Beneficiary) -> str | None:
    """'nom proche : Kieffer / Kiefer' where the folded names differ; None where they agree."""
    parts = []
    for label, mine, theirs in (
        (_("nom proche"), typed[0], found.last_name),
        (_("prénom proche"), typed[1], found.first_name),
    ):
        if normalise(mine) != normalise(theirs):
            parts.append(f"{label} : {mine} / {theirs}")
    return " · ".join(parts) or None


def score(
    *,
    name_key: str,
    last_name: str,
    first_name: str,
    birth_date: date | None,
    phone_digits: str,
    email: str,
    commune_id: str | None,
    person: Beneficiary,
) -> Duplicate | None:
    """How much `person` looks like the typed identity, explained; None if not enough."""
    similarity = name_similarity(name_key, person.name_key)
    same_day = birth_date is not None and person.birth_date == birth_date
    swapped_day = birth_date is not None and person.birth_date == swapped(birth_date)
    same_phone = bool(phone_digits) and person.phone_digits == phone_digits
    same_email = bool(email) and person.email == email
    if not (
        same_phone or same_email or ((same_day or swapped_day) and similarity >= NAME_THRESHOLD)
    ):
        return None
    reasons = []
    if name_key == person.name_key:
        reasons.append(_("même nom"))
    elif similarity >= NAME_THRESHOLD:
        reasons.append(_name_reason((last_name, first_name), person) or _("nom proche"))
    if same_day:
        reasons.append(_("même date de naissance"))
    elif swapped_day:
        reasons.append(_("date de naissance avec jour et mois inversés"))
    if same_phone:
        reasons.append(_("même téléphone"))
    if same_email:
        reasons.append(_("même e-mail"))
    if commune_id and person.commune_id == commune_id:
        reasons.append(_("même commune"))
    points = similarity * 0.5 + (30 if same_day else 20 if swapped_day else 0)
    points += 25 * same_phone + 25 * same_email + 10 * (commune_id == person.commune_id)
    return Duplicate(person, tuple(reasons), min(100, round(points)))


def find_duplicates(
    queryset,
    *,
    last_name,
    first_name,
    birth_date,
    phone="",
    email="",
    commune_id=None,
    exclude_pk=None,
):
    """People of `queryset` (already scoped to what the user may see) who may be the same
    person: a close name (folded in every script, compared with rapidfuzz) born the same day or
    with day and month swapped, or the same phone or e-mail. Best first. One query."""
    name_key = normalise(f"{last_name} {first_name}")
    phone_digits = national_digits(phone)
    email = (email or "").lower()
    days = [d for d in (birth_date, swapped(birth_date)) if d]
    condition = Q(birth_date__in=days) if days else Q(pk__in=[])
    if phone_digits:
        condition |= Q(phone_digits=phone_digits)
    if email:
        condition |= Q(email=email)
    candidates = queryset.filter(condition, anonymised_at__isnull=True).select_related("commune")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = [
        duplicate
        for person in candidates[:CANDIDATES]
        if (
            duplicate := score(
                name_key=name_key,
                last_name=last_name,
                first_name=first_name,
                birth_date=birth_date,
                phone_digits=phone_digits,
                email=email,
                commune_id=commune_id,
                person=person,
            )
        )
    ]
    return sorted(found, key=lambda d: -d.score)[:10]


@dataclass(frozen=True)
class Pair:
    first: Beneficiary
    second: Duplicate


# Pairs of one antenna's records born the same day, or with day and month swapped, or sharing a
# phone: three index joins (antenna, birth date) and (antenna, phone), bounded.
_PAIRS_SQL = """
WITH people AS (
    SELECT id, birth_date, phone_digits FROM beneficiaries_beneficiary
    WHERE antenna_id = %(antenna)s AND anonymised_at IS NULL
)
SELECT a.id, b.id FROM people a JOIN people b ON b.birth_date = a.birth_date AND b.id > a.id
UNION
SELECT a.id, b.id FROM people a JOIN people b
    ON extract(day FROM a.birth_date) <= 12
    AND b.birth_date = make_date(
        extract(year FROM a.birth_date)::int,
        extract(day FROM a.birth_date)::int,
        extract(month FROM a.birth_date)::int
    )
    AND b.id > a.id
UNION
SELECT a.id, b.id FROM people a JOIN people b
    ON a.phone_digits <> '' AND b.phone_digits = a.phone_digits AND b.id > a.id
LIMIT %(limit)s
"""


def probable_pairs(antenna_id: int, *, limit: int = 50, scanned: int = 5000) -> list[Pair]:
    """Pairs of an antenna's records that are probably one person, best first (the manager's
    "doublons probables"). Candidate pairs come from SQL, at most `scanned` of them, and are
    scored here; three queries whatever the antenna's size."""
    with connection.cursor() as cursor:
        cursor.execute(_PAIRS_SQL, {"antenna": antenna_id, "limit": scanned})
        ids = cursor.fetchall()
    people = Beneficiary.objects.select_related("commune").in_bulk(
        {i for pair in ids for i in pair}
    )
    pairs = []
    for first_id, second_id in ids:
        person, other = people[first_id], people[second_id]
        duplicate = score(
            name_key=person.name_key,
            last_name=person.last_name,
            first_name=person.first_name,
            birth_date=person.birth_date,
            phone_digits=person.phone_digits,
            email=person.email,
            commune_id=person.commune_id,
            person=other,
        )
        if duplicate:
            pairs.append(Pair(person, duplicate))
    return sorted(pairs, key=lambda p: (-p.second.score, p.first.pk))[:limit]


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
            audit.relink(
                antenna_id=keep.antenna_id,
                from_beneficiary_id=absorbed_pk,
                to_beneficiary_id=keep.pk,
            )
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
