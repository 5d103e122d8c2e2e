"""A rental handed over and taken back at the desk, with its money in the same transaction:
the deposit is taken at check-out; at check-in it is given back, in full or less a deduction
for the damage the check-in condition report records, and the rental is charged at its stored
solidarity price, once. The services module moves the vehicle; billing keeps the one record
of the money (billing.Deposit, billing.Charge)."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing import charges, condition, deposits
from billing.models import ConditionReport, Deposit
from services import booking as services_booking
from services.models import Booking


@contextmanager
def _fields(names: dict[str, str]) -> Iterator[None]:
    """Errors of billing's functions, renamed to the fields of the desk's form."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in error.error_dict.items()}
        ) from None


def damage_seen(booking: Booking) -> str:
    """The damage the check-in condition report records (what changed since check-out, and
    its remarks), in words; empty when there is no such report or nothing changed."""
    reports = {r.moment: r for r in ConditionReport.objects.filter(booking=booking)}
    checkin = reports.get(ConditionReport.Moment.CHECKIN)
    if checkin is None:
        return ""
    rows = condition.changes(booking, reports.get(ConditionReport.Moment.CHECKOUT), checkin)
    return "; ".join(part for part in (condition.damage_summary(rows), checkin.remarks) if part)


@transaction.atomic
def check_out(
    *,
    booking: Booking,
    by,
    at,
    odometer: int,
    level: int | None = None,
    condition: str = "",
    deposit_amount: Decimal | None = None,
    deposit_method: str = "",
    deposit_reference: str = "",
) -> Booking:
    booking = services_booking.check_out(
        booking=booking, at=at, odometer=odometer, level=level, condition=condition
    )
    if deposit_amount is not None:  # left empty: a rental without deposit
        names = {"amount": "deposit_amount", "method": "deposit_method"}
        with _fields({**names, "reference": "deposit_reference"}):
            deposits.take_deposit(
                booking=booking,
                amount=deposit_amount,
                method=deposit_method,
                reference=deposit_reference,
                taken_by=by,
            )
    return booking


@transaction.atomic
def check_in(
    *,
    booking: Booking,
    by,
    at,
    odometer: int,
    level: int | None = None,
    condition: str = "",
    deduction: Decimal | None = None,
    deduction_reason: str = "",
) -> Booking:
    # The booking row is locked first (services.booking): a double submit waits here, then
    # finds the rental already back, so the deposit is closed and the rental charged once.
    booking = services_booking.check_in(
        booking=booking, at=at, odometer=odometer, level=level, condition=condition
    )
    deposit = Deposit.objects.filter(booking=booking, status=Deposit.Status.HELD).first()
    if deduction:
        if deposit is None:
            raise ValidationError(
                {"deduction": _("Aucune caution n'est détenue pour cette location.")}
            )
        if not damage_seen(booking):
            raise ValidationError(
                {
                    "deduction": _(
                        "Une retenue s'appuie sur les dégâts de l'état des lieux au retour : "
                        "enregistrez-le d'abord."
                    )
                }
            )
    if deposit is not None:
        with _fields({"reason": "deduction_reason"}):
            deposits.give_back(deposit=deposit, by=by, deduction=deduction, reason=deduction_reason)
    if booking.price > 0:
        charges.charge_rental(booking=booking, created_by=by)
    return booking
