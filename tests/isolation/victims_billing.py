from datetime import date
from decimal import Decimal

from beneficiaries.models import Beneficiary
from billing.models import Charge, Deposit, Payment, ReceiptCounter
from services.models import Booking
from tests.isolation import VICTIM_PK


def create(world):
    """Billing rows of the victim (created by victims_services: person and booking)."""
    victim = Beneficiary.objects.get(pk=VICTIM_PK)
    booking = Booking.objects.get(pk=VICTIM_PK)
    antenna = world.antenna
    charge = Charge.objects.create(
        pk=VICTIM_PK, antenna=antenna, beneficiary=victim, kind="damage", amount=Decimal(30),
        label="Dégâts",
    )  # fmt: skip
    counter = ReceiptCounter.objects.create(pk=VICTIM_PK, antenna=antenna, year=2026, last=1)
    payment = Payment.objects.create(
        pk=VICTIM_PK, antenna=antenna, beneficiary=victim, amount=Decimal(10), method="cash",
        paid_on=date(2026, 3, 1), received_by=world.staff, year=2026, number=1,
    )  # fmt: skip
    deposit = Deposit.objects.create(
        pk=VICTIM_PK, antenna=antenna, booking=booking, beneficiary=victim, amount=Decimal(400),
        method="cheque", reference="Chq 1", taken_by=world.staff,
    )  # fmt: skip
    return [charge, counter, payment, deposit]
