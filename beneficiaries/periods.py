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
