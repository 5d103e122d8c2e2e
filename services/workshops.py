"""Workshops: registration within capacity (else the waiting list), cancellation that promotes
the first person waiting, and the attendance sheet. Places are counted under a lock on the
session row so that two staff registering the last place at once cannot both get it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services import usage
from services.errors import constraint_message
from services.lifecycles import advance, allowed
from services.models import Registration, Session


def _locked(session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def _taken(session) -> int:
    return session.registrations.filter(status=Registration.Status.REGISTERED).count()


@transaction.atomic
def register(*, session, beneficiary, waiting_list=True) -> Registration:
    """Register, or put on the waiting list when full (refuse if waiting_list is False). A person
    who cancelled comes back on their own row (one per person and session), behind those
    already waiting."""
    session = _locked(session)
    full = _taken(session) >= session.capacity
    if full and not waiting_list:
        raise ValidationError({"beneficiary": _("L'atelier est complet.")})
    status = Registration.Status.WAITING if full else Registration.Status.REGISTERED
    former = (
        session.registrations.select_for_update()
        .filter(beneficiary=beneficiary, status=Registration.Status.CANCELLED)
        .first()
    )
    if former is not None:
        fields = advance(former, "rejoin_waiting" if full else "rejoin")
        former.attendance = Registration.Attendance.TO_FILL
        former.created_at = timezone.now()
        former.save(update_fields=[*fields, "attendance", "created_at"])
        return former
    try:
        with transaction.atomic():
            return Registration.objects.create(
                antenna_id=session.antenna_id,
                session=session,
                beneficiary=beneficiary,
                status=status,
            )
    except IntegrityError as error:
        raise constraint_message(Registration, error, "beneficiary") from None


def _promote(session, places) -> list[Registration]:
    """The first `places` people waiting take a place, in the order they joined."""
    promoted = list(
        session.registrations.select_for_update()
        .filter(status=Registration.Status.WAITING)
        .order_by("created_at", "pk")[: max(places, 0)]
    )
    for registration in promoted:
        registration.save(update_fields=advance(registration, "promote"))
    return promoted


@transaction.atomic
def cancel(*, registration, by=None, reason="") -> Registration | None:
    """Cancel a registration ("Désinscrire"); the first person waiting takes the place
    (returned)."""
    session = _locked(registration.session)
    # Read again under the lock: a second click on "cancel" must not free a second place.
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not allowed(registration, "cancel"):
        return None
    was_registered = registration.status == Registration.Status.REGISTERED
    fields = advance(registration, "cancel", by=by, reason=reason)
    registration.attendance = Registration.Attendance.CANCELLED
    registration.save(update_fields=[*fields, "attendance"])
    usage.record_attendance(registration)
    if not was_registered:
        return None
    promoted = _promote(session, 1)
    return promoted[0] if promoted else None


@transaction.atomic
def change_capacity(*, session, capacity) -> Session:
    session = _locked(session)
    taken = _taken(session)
    if capacity < taken:
        raise ValidationError(
            {"capacity": _("%(n)s personnes sont déjà inscrites.") % {"n": taken}}
        )
    session.capacity = capacity
    session.save(update_fields=["capacity"])
    _promote(session, capacity - taken)  # new places go to those waiting, in order
    return session


@transaction.atomic
def mark_attendance(*, session, marks: dict[int, str]) -> int:
    """marks: registration id → Attendance value. Only registered people are marked."""
    registrations = list(
        session.registrations.select_for_update()
        .filter(pk__in=marks, status=Registration.Status.REGISTERED)
        .select_related("session")
    )
    changed = 0
    for registration in registrations:
        value = marks[registration.pk]
        if value not in Registration.Attendance.values:
            raise ValidationError(_("Présence inconnue : %(value)s") % {"value": value})
        if registration.attendance != value:
            registration.attendance = value
            registration.save(update_fields=["attendance"])
            changed += 1
        usage.record_attendance(registration)
    return changed
