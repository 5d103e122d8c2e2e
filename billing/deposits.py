"""Deposits of rentals: taken at check-out, held, then returned (in full, or less a deduction
for damage seen at check-in) or refunded. A deduction becomes a damage charge paid from the
deposit, with its own receipt, so the person's balance and the accountant's export agree."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import lifecycle
from billing.charges import charge_damage
from billing.models import MAX_AMOUNT, Deposit, Method
from billing.money import euros
from billing.payments import record_payment


def take_deposit(
    *, booking, amount: Decimal, method: str, reference: str = "", taken_by
) -> Deposit:
    if booking.kind != booking.Kind.RENTAL:
        raise ValidationError(_("Une maintenance ne prend pas de caution."))
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Le montant doit être positif.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({"amount": _("Montant trop élevé.")})
    if method not in Deposit.Method.values or method == Deposit.Method.UNRECORDED:
        raise ValidationError({"method": _("Choisissez la forme de la caution.")})
    if method in (Deposit.Method.CHEQUE, Deposit.Method.CARD_IMPRINT) and not reference.strip():
        raise ValidationError(
            {"reference": _("Notez le numéro du chèque ou de l'empreinte pour la rendre.")}
        )
    try:
        with transaction.atomic():
            return Deposit.objects.create(
                antenna_id=booking.antenna_id,
                booking=booking,
                beneficiary_id=booking.beneficiary_id,
                amount=amount,
                method=method,
                reference=reference.strip(),
                taken_by=taken_by,
            )
    except IntegrityError:
        raise ValidationError(_("Une caution est déjà enregistrée pour cette location.")) from None


@transaction.atomic
def close_deposit(
    *, deposit, by, deduction: Decimal = Decimal("0.00"), reason: str = "", refund: bool = False
) -> Deposit:
    """Give the deposit back (`refund`: the money is paid back, for cash and transfers),
    keeping `deduction` for damage described by `reason`."""
    deposit = Deposit.objects.select_for_update().select_related("beneficiary").get(pk=deposit.pk)
    target = Deposit.Status.REFUNDED if refund else Deposit.Status.RETURNED
    lifecycle.ensure(lifecycle.DEPOSIT, deposit.status, target)
    deduction = deduction or Decimal("0.00")
    errors = {}
    if deduction < 0:
        errors["deduction"] = _("La retenue ne peut être négative.")
    elif deduction > deposit.amount:
        errors["deduction"] = _("La retenue ne dépasse pas la caution (%(amount)s).") % {
            "amount": euros(deposit.amount)
        }
    if deduction > 0 and not reason.strip():
        errors["reason"] = _("Décrivez les dégâts qui justifient la retenue.")
    if errors:
        raise ValidationError(errors)
    if deduction > 0:
        deposit.damage = charge_damage(
            beneficiary=deposit.beneficiary,
            amount=deduction,
            reason=reason.strip(),
            booking=deposit.booking,
            created_by=by,
        )
        record_payment(
            beneficiary=deposit.beneficiary,
            amount=deduction,
            method=Method.DEPOSIT,
            paid_on=timezone.localdate(),
            received_by=by,
            reference=_("caution de la location n° %(pk)s") % {"pk": deposit.booking_id},
            advance=True,  # the charge just made is what this pays
        )
        deposit.deduction, deposit.deduction_reason = deduction, reason.strip()
    deposit.status = target
    deposit.closed_at, deposit.closed_by = timezone.now(), by
    deposit.save()
    return deposit


# Cash and transfers are paid back; a cheque not cashed or a card imprint is given back.
PAID_BACK = frozenset({Deposit.Method.CASH, Deposit.Method.TRANSFER})


def give_back(*, deposit: Deposit, by, deduction: Decimal | None, reason: str = "") -> Deposit:
    """Close the deposit at check-in the way its form requires (refunded or returned)."""
    return close_deposit(
        deposit=deposit,
        by=by,
        deduction=deduction or Decimal("0.00"),
        reason=reason,
        refund=deposit.method in PAID_BACK,
    )


def held(antenna, *, among: QuerySet[Deposit] | None = None) -> QuerySet[Deposit]:
    """The antenna's deposits still held, oldest first, with their age (SQL): the desk's list
    (`among` the rows its reader may see) and the managers' digest."""
    rows = Deposit.objects.all() if among is None else among
    return (
        rows.filter(antenna=antenna, status=Deposit.Status.HELD)
        .select_related("beneficiary", "booking__vehicle")
        .annotate(age=Now() - F("taken_at"))
        .order_by("taken_at")
    )
