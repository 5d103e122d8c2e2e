"""Payments and credit notes: recorded with the next receipt number of the antenna's year in
the same transaction, cancelled by a credit note (never deleted), and each person's balance
summed in SQL."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import Beneficiary
from billing import lifecycle
from billing.models import MAX_AMOUNT, Charge, Payment
from billing.money import euros
from billing.numbering import next_number

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=12, decimal_places=2)


def _sum_of(model, **filters):
    rows = (
        model.objects.filter(beneficiary=OuterRef("pk"), **filters)
        .order_by()
        .values("beneficiary")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=MONEY), Value(ZERO), output_field=MONEY)


def with_balance(people):
    """Annotate people with `owed`, `paid` and `balance` (owed − paid; negative: an advance).
    Credit notes are negative payments, so a cancelled payment counts for nothing."""
    return people.annotate(owed=_sum_of(Charge), paid=_sum_of(Payment)).annotate(
        balance=Coalesce("owed", ZERO) - Coalesce("paid", ZERO)
    )


def balance_of(beneficiary) -> Decimal:
    owed = Charge.objects.filter(beneficiary=beneficiary).aggregate(t=Sum("amount"))["t"] or ZERO
    paid = Payment.objects.filter(beneficiary=beneficiary).aggregate(t=Sum("amount"))["t"] or ZERO
    return owed - paid


@transaction.atomic
def record_payment(
    *,
    beneficiary,
    amount: Decimal,
    method: str,
    paid_on,
    received_by,
    payer=None,
    reference: str = "",
    advance: bool = False,
) -> Payment:
    """Record money received for `beneficiary` (from `payer`, a partner structure, if given).
    More than what is owed is an advance and must be confirmed (`advance=True`)."""
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Le montant doit être positif.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({"amount": _("Montant trop élevé.")})
    if payer is not None and not payer.antennas.filter(pk=beneficiary.antenna_id).exists():
        raise ValidationError({"payer": _("Cette structure n'est pas partenaire de l'antenne.")})
    # The person's row is locked so that two payments at once cannot both fit the same debt.
    Beneficiary.objects.select_for_update().filter(pk=beneficiary.pk).first()
    owed = balance_of(beneficiary)
    if amount > owed and not advance:
        raise ValidationError(
            {
                "amount": _(
                    "C'est plus que le reste dû (%(owed)s) : cochez « avance » pour confirmer."
                )
                % {"owed": euros(max(owed, ZERO))}
            }
        )
    year = paid_on.year
    return Payment.objects.create(
        antenna_id=beneficiary.antenna_id,
        beneficiary=beneficiary,
        amount=amount,
        method=method,
        paid_on=paid_on,
        received_by=received_by,
        payer=payer,
        reference=reference,
        year=year,
        number=next_number(antenna_id=beneficiary.antenna_id, year=year),
    )


@transaction.atomic
def cancel_payment(*, payment, by, reason: str) -> Payment:
    """Cancel a payment: it stays, marked cancelled, and a credit note of the opposite amount
    takes the next number. Returns the credit note."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.kind != Payment.Kind.PAYMENT:
        raise ValidationError(_("Un avoir ne s'annule pas."))
    lifecycle.ensure(lifecycle.PAYMENT, payment.status, Payment.Status.CANCELLED)
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    now = timezone.now()
    payment.status = Payment.Status.CANCELLED
    payment.cancelled_at, payment.cancelled_by, payment.cancel_reason = now, by, reason.strip()
    payment.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    today = timezone.localdate()
    return Payment.objects.create(
        antenna_id=payment.antenna_id,
        beneficiary_id=payment.beneficiary_id,
        kind=Payment.Kind.CREDIT_NOTE,
        amount=-payment.amount,
        method=payment.method,
        paid_on=today,
        received_by=by,
        payer_id=payment.payer_id,
        reference=payment.display_number,
        year=today.year,
        number=next_number(antenna_id=payment.antenna_id, year=today.year),
        cancels=payment,
    )
