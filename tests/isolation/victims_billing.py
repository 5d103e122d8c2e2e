from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from beneficiaries.models import Beneficiary
from billing.models import (
    Charge,
    ConditionReport,
    Contract,
    Deposit,
    Incident,
    Payment,
    ReceiptCounter,
    RentalRules,
)
from services.availability import period_of
from services.models import Booking, Vehicle
from tests.isolation import VICTIM_PK


def create(world):
    """Billing rows of the victim (created by victims_beneficiaries). The victim's booking
    VICTIM_PK comes later (victims_services) and serves the booking routes; the deposit hangs
    on a rental of its own."""
    victim = Beneficiary.objects.get(pk=VICTIM_PK)
    antenna = world.antenna
    soon = timezone.now().replace(microsecond=0) + timedelta(days=3)
    vehicle = Vehicle.objects.create(
        pk=VICTIM_PK + 1, antenna=antenna, kind="car", name="Caution", identifier="VICTIM-02",
        energy="petrol",
    )  # fmt: skip
    booking = Booking.objects.create(
        pk=VICTIM_PK + 1, antenna=antenna, vehicle=vehicle, beneficiary=victim,
        period=period_of(soon, soon + timedelta(hours=3)),
    )  # fmt: skip
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
    rules = RentalRules.objects.create(pk=VICTIM_PK, antenna=antenna, version=1, text="Règles")
    contract = Contract.objects.create(
        pk=VICTIM_PK, antenna=antenna, booking=booking, beneficiary=victim, rules=rules,
        document_sha256="0" * 64,
    )  # fmt: skip
    report = ConditionReport.objects.create(
        pk=VICTIM_PK, antenna=antenna, booking=booking, moment="checkout",
        remarks=f"rayure {victim.last_name}", signed_name=victim.last_name,
        signature_method="typed", staff=world.staff,
    )  # fmt: skip
    incident = Incident.objects.create(
        pk=VICTIM_PK, antenna=antenna, vehicle=vehicle, kind="fine", occurred_at=soon,
        description="amende", booking=booking, driver=victim, reported_by=world.staff,
    )  # fmt: skip
    return [vehicle, booking, charge, counter, payment, deposit, rules, contract, report, incident]
