"""A person's periods of follow-up (Enrolment) mirror their status and dates: the open period
starts on the entry date; an exit closes it; a return after an exit opens the next one. One
function, `follow`, keeps them in agreement; every write of a status calls it inside its
transaction, with the person's row locked."""

from django.db.models import Max

from beneficiaries.models import Beneficiary, Enrolment


def follow(person: Beneficiary, *, referral=None) -> Enrolment | None:
    """Make the latest period agree with `person` (already saved, row locked): returns the
    period opened by this call, if any (a first entry or a return)."""
    latest = Enrolment.objects.filter(beneficiary=person).order_by("-number").first()
    if person.status == Beneficiary.Status.REFERRED or person.entry_date is None:
        return None
    if person.status == Beneficiary.Status.ACTIVE and (latest is None or latest.ended_on):
        number = Enrolment.objects.filter(beneficiary=person).aggregate(n=Max("number"))["n"] or 0
        return Enrolment.objects.create(
            antenna_id=person.antenna_id,
            beneficiary=person,
            number=number + 1,
            referral=referral,
            started_on=person.entry_date,
        )
    if latest is None:  # exited without any period recorded: the one it had
        Enrolment.objects.create(
            antenna_id=person.antenna_id,
            beneficiary=person,
            number=1,
            started_on=person.entry_date,
            ended_on=person.exit_date,
            exit_outcome=person.exit_outcome,
        )
        return None
    latest.started_on = person.entry_date
    latest.ended_on = person.exit_date if person.status == Beneficiary.Status.EXITED else None
    latest.exit_outcome = person.exit_outcome if latest.ended_on else ""
    latest.save(update_fields=["started_on", "ended_on", "exit_outcome"])
    return None


def absorb(*, keep: Beneficiary, absorb: Beneficiary) -> None:
    """Two records of one person are merged: their periods become one history, overlapping
    periods joined, numbered again in time order (both rows locked by the caller)."""
    rows = list(Enrolment.objects.filter(beneficiary__in=(keep, absorb)).order_by("started_on"))
    joined: list[Enrolment] = []
    for period in rows:
        last = joined[-1] if joined else None
        if last and (last.ended_on is None or period.started_on <= last.ended_on):
            if last.ended_on is not None and (
                period.ended_on is None or period.ended_on > last.ended_on
            ):
                last.ended_on, last.exit_outcome = period.ended_on, period.exit_outcome
            last.referral = last.referral or period.referral
            continue
        joined.append(period)
    Enrolment.objects.filter(beneficiary__in=(keep, absorb)).delete()
    Enrolment.objects.bulk_create(
        Enrolment(
            antenna_id=keep.antenna_id,
            beneficiary=keep,
            number=number,
            referral_id=period.referral_id,
            started_on=period.started_on,
            ended_on=period.ended_on,
            exit_outcome=period.exit_outcome if period.ended_on else "",
        )
        for number, period in enumerate(joined, start=1)
    )
