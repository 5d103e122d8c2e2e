"""One record of a deposit: the amounts services noted on the booking (`deposit_taken`,
`deposit_returned`) become billing Deposit rows before services drops them. A deposit not noted
as given back stays held, so it shows in the antenna's list of deposits to return; a partial
return becomes a deduction, charged as damage and paid from the deposit with its receipt, as
billing.deposits does today. A closed deposit is final: PostgreSQL refuses to reopen it."""

from decimal import Decimal

from django.db import migrations, models
from django.utils import timezone

FINAL = """
CREATE FUNCTION billing_deposit_closed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'held' AND (NEW.status, NEW.amount, NEW.deduction, NEW.closed_at,
            NEW.closed_by_id, NEW.damage_id, NEW.booking_id)
            IS DISTINCT FROM (OLD.status, OLD.amount, OLD.deduction, OLD.closed_at,
            OLD.closed_by_id, OLD.damage_id, OLD.booking_id) THEN
        RAISE EXCEPTION 'deposit % is % and cannot change', OLD.id, OLD.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER billing_deposit_closed_is_final BEFORE UPDATE ON billing_deposit
    FOR EACH ROW EXECUTE FUNCTION billing_deposit_closed_is_final();
"""
FINAL_REVERSE = """
DROP TRIGGER billing_deposit_closed_is_final ON billing_deposit;
DROP FUNCTION billing_deposit_closed_is_final();
"""


def _desk_user(apps, booking):
    """Who took it: whoever made the booking, else the antenna's first manager or staff."""
    if booking.created_by_id:
        return booking.created_by_id
    Membership = apps.get_model("antennas", "Membership")
    found = (
        Membership.objects.filter(antenna_id=booking.antenna_id, role__in=["manager", "staff"])
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    if found is None:
        raise RuntimeError(
            f"booking {booking.pk}: a deposit is noted but the antenna has no staff to record it"
        )
    return found


def _receipt_number(apps, antenna_id, year):
    Counter = apps.get_model("billing", "ReceiptCounter")
    counter, _created = Counter.objects.select_for_update().get_or_create(
        antenna_id=antenna_id, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def forwards(apps, schema_editor):
    Booking = apps.get_model("services", "Booking")
    Deposit = apps.get_model("billing", "Deposit")
    Charge = apps.get_model("billing", "Charge")
    Payment = apps.get_model("billing", "Payment")
    noted = (
        Booking.objects.filter(deposit_taken__gt=0, kind="rental", deposit__isnull=True)
        .order_by("pk")
        .iterator()
    )
    for booking in noted:
        by = _desk_user(apps, booking)
        taken = booking.deposit_taken
        deposit = Deposit(
            antenna_id=booking.antenna_id,
            booking_id=booking.pk,
            beneficiary_id=booking.beneficiary_id,
            amount=taken,
            method="unrecorded",
            taken_at=booking.checkout_at or booking.period.lower,
            taken_by_id=by,
        )
        if booking.deposit_returned is not None:
            deposit.status = "returned"
            deposit.closed_at = booking.checkin_at or booking.period.upper
            deposit.closed_by_id = by
            deduction = max(Decimal("0.00"), taken - booking.deposit_returned)
            if deduction:
                reason = (booking.checkin_condition or "retenue sur la caution").strip()[:180]
                deposit.damage = Charge.objects.create(
                    antenna_id=booking.antenna_id,
                    beneficiary_id=booking.beneficiary_id,
                    kind="damage",
                    amount=deduction,
                    label=f"Dégâts : {reason}",
                    booking_id=booking.pk,
                    created_at=deposit.closed_at,
                    created_by_id=by,
                )
                paid_on = timezone.localdate(deposit.closed_at)
                Payment.objects.create(
                    antenna_id=booking.antenna_id,
                    beneficiary_id=booking.beneficiary_id,
                    amount=deduction,
                    method="deposit",
                    paid_on=paid_on,
                    received_by_id=by,
                    reference=f"caution de la location n° {booking.pk}",
                    year=paid_on.year,
                    number=_receipt_number(apps, booking.antenna_id, paid_on.year),
                )
                deposit.deduction, deposit.deduction_reason = deduction, reason
        deposit.save()


def backwards(apps, schema_editor):
    """The amounts go back on the bookings; the rows stay (payments are never deleted)."""
    Booking = apps.get_model("services", "Booking")
    Deposit = apps.get_model("billing", "Deposit")
    for deposit in Deposit.objects.iterator():
        returned = deposit.amount - deposit.deduction if deposit.status != "held" else None
        Booking.objects.filter(pk=deposit.booking_id).update(
            deposit_taken=deposit.amount, deposit_returned=returned
        )


class Migration(migrations.Migration):
    dependencies = [
        ("antennas", "0002_load_communes"),
        ("billing", "0006_attendance_signatures"),
        ("services", "0009_merge_20261201_1310"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deposit",
            name="method",
            field=models.CharField(
                choices=[
                    ("cash", "espèces"),
                    ("cheque", "chèque non encaissé"),
                    ("card_imprint", "empreinte de carte"),
                    ("transfer", "virement"),
                    ("unrecorded", "forme non notée"),
                ],
                max_length=12,
                verbose_name="forme",
            ),
        ),
        migrations.RunSQL(FINAL, FINAL_REVERSE),
        migrations.RunPython(forwards, backwards),
    ]
