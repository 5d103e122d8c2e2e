"""Payments: gapless receipt numbers under real concurrency, balances against an independent
sum, third-party payers, advances, and cancellation by credit note (never a deletion)."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from beneficiaries.models import Beneficiary
from billing import charges, payments
from billing.models import Charge, Payment
from billing.money import euros
from tests.concurrency import race
from tests.services.factories import BeneficiaryFactory

ATTEMPTS = 32


def test_french_amounts():
    assert euros(Decimal("1234.5")) == "1\u00a0234,50\u00a0€"
    assert euros(Decimal("-0.5")) == "-0,50\u00a0€"
    assert euros(Decimal("1234567")) == "1\u00a0234\u00a0567,00\u00a0€"


@pytest.mark.django_db(transaction=True)
def test_32_concurrent_payments_get_numbers_1_to_32(world):
    antenna = world.antenna
    people = [BeneficiaryFactory(antenna=antenna) for _ in range(ATTEMPTS)]

    def pay(i):
        payments.record_payment(
            beneficiary=people[i],
            amount=Decimal("5.00"),
            method="cash",
            paid_on=date(2026, 11, 3),
            received_by=world.staff,
            advance=True,
        )

    _, failures = race(pay, ATTEMPTS)
    assert failures == []
    numbers = sorted(
        Payment.objects.filter(antenna=antenna, year=2026).values_list("number", flat=True)
    )
    assert numbers == list(range(1, ATTEMPTS + 1))


@pytest.mark.django_db
def test_a_rolled_back_payment_gives_its_number_back(person, world):
    with pytest.raises(RuntimeError), transaction.atomic():
        payments.record_payment(
            beneficiary=person, amount=Decimal(1), method="cash", paid_on=date(2026, 5, 1),
            received_by=world.staff, advance=True,
        )  # fmt: skip
        raise RuntimeError
    payment = payments.record_payment(
        beneficiary=person, amount=Decimal(1), method="cash", paid_on=date(2026, 5, 1),
        received_by=world.staff, advance=True,
    )  # fmt: skip
    assert payment.number == 1
    other_year = payments.record_payment(
        beneficiary=person, amount=Decimal(1), method="cash", paid_on=date(2025, 12, 31),
        received_by=world.staff, advance=True,
    )  # fmt: skip
    assert (other_year.year, other_year.number) == (2025, 1)


@pytest.mark.django_db
def test_balance_against_an_independent_sum(antenna, world):
    rng = random.Random(12)
    people = [BeneficiaryFactory(antenna=antenna) for _ in range(6)]
    expected = {}
    for person in people:
        owed = paid = Decimal("0.00")
        for _ in range(rng.randint(0, 4)):
            amount = Decimal(rng.randint(1, 9000)) / 100
            charges.charge_damage(beneficiary=person, amount=amount, reason="rayure")
            owed += amount
        for _ in range(rng.randint(0, 3)):
            amount = Decimal(rng.randint(1, 5000)) / 100
            p = payments.record_payment(
                beneficiary=person, amount=amount, method="cheque", paid_on=date(2026, 4, 2),
                received_by=world.staff, advance=True,
            )  # fmt: skip
            paid += amount
            if rng.random() < 0.4:
                payments.cancel_payment(payment=p, by=world.manager, reason="erreur de saisie")
                paid -= amount
        expected[person.pk] = owed - paid
    annotated = payments.with_balance(Beneficiary.objects.filter(pk__in=expected))
    assert {p.pk: p.balance for p in annotated} == expected
    assert {p.pk: payments.balance_of(p) for p in people} == expected


@pytest.mark.django_db
def test_third_party_covers_part_and_the_person_the_rest(rental, person, world):
    charge = charges.charge_rental(booking=rental)
    assert charge.amount == Decimal("24.50")
    assert charges.charge_rental(booking=rental) == charge  # charged once
    departement = world.other_structure
    payments.record_payment(
        beneficiary=person, amount=Decimal("20.00"), method="transfer", paid_on=date(2026, 6, 1),
        received_by=world.staff, payer=departement,
    )  # fmt: skip
    assert payments.balance_of(person) == Decimal("4.50")
    with pytest.raises(ValidationError) as error:
        payments.record_payment(
            beneficiary=person, amount=Decimal("10.00"), method="cash", paid_on=date(2026, 6, 1),
            received_by=world.staff,
        )  # fmt: skip
    assert "avance" in error.value.message_dict["amount"][0]
    payments.record_payment(
        beneficiary=person, amount=Decimal("4.50"), method="cash", paid_on=date(2026, 6, 1),
        received_by=world.staff,
    )  # fmt: skip
    assert payments.balance_of(person) == 0
    by_payer = dict(Payment.objects.filter(beneficiary=person).values_list("payer__name", "amount"))
    assert by_payer == {departement.name: Decimal("20.00"), None: Decimal("4.50")}


@pytest.mark.django_db
def test_a_structure_that_is_not_a_partner_cannot_pay(person, world):
    from tests.factories import StructureFactory

    stranger = StructureFactory(antennas=[world.neighbour])
    with pytest.raises(ValidationError) as error:
        payments.record_payment(
            beneficiary=person, amount=Decimal(2), method="cash", paid_on=date(2026, 6, 1),
            received_by=world.staff, payer=stranger, advance=True,
        )  # fmt: skip
    assert "payer" in error.value.message_dict


@pytest.mark.django_db
def test_negative_or_zero_amounts_are_refused(person, world):
    for amount in (Decimal("-5"), Decimal("0")):
        with pytest.raises(ValidationError) as error:
            payments.record_payment(
                beneficiary=person, amount=amount, method="cash", paid_on=date(2026, 6, 1),
                received_by=world.staff, advance=True,
            )  # fmt: skip
        assert error.value.message_dict["amount"] == ["Le montant doit être positif."]


@pytest.mark.django_db
def test_cancel_is_a_credit_note_and_a_payment_is_never_deleted(person, world):
    charges.charge_membership(beneficiary=person, year=2026)
    payment = payments.record_payment(
        beneficiary=person, amount=Decimal("2.00"), method="cash", paid_on=date(2026, 1, 5),
        received_by=world.staff,
    )  # fmt: skip
    credit = payments.cancel_payment(payment=payment, by=world.manager, reason="doublon")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CANCELLED and payment.cancelled_by == world.manager
    assert credit.kind == Payment.Kind.CREDIT_NOTE and credit.amount == Decimal("-2.00")
    assert credit.number == payment.number + 1 or credit.year != payment.year
    assert payments.balance_of(person) == Decimal("2.00")
    with pytest.raises(ValidationError):
        payments.cancel_payment(payment=payment, by=world.manager, reason="encore")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_payment WHERE id = %s", [payment.pk])
    assert Payment.objects.filter(pk=payment.pk).exists()


@pytest.mark.django_db
def test_membership_is_charged_once_a_year(person):
    first = charges.charge_membership(beneficiary=person, year=2026)
    assert charges.charge_membership(beneficiary=person, year=2026) == first
    assert first.amount == Decimal("2.00")
    charges.charge_membership(beneficiary=person, year=2027)
    assert Charge.objects.filter(beneficiary=person, kind="membership").count() == 2


@pytest.mark.django_db
def test_a_tus_trip_is_charged_its_contribution_once(person, antenna):
    from datetime import timedelta

    from django.utils import timezone

    from services.availability import period_of
    from services.models import Trip
    from tests.factories import commune

    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    trip = Trip.objects.create(
        antenna=antenna, beneficiary=person, pickup=commune("67339"), dropoff=commune("67180"),
        period=period_of(start, start + timedelta(hours=1)), distance_km=20,
        contribution=Decimal("6.40"),
    )  # fmt: skip
    charge = charges.charge_trip(trip=trip)
    assert (charge.kind, charge.amount) == ("tus", Decimal("6.40"))
    assert charges.charge_trip(trip=trip) == charge
    assert payments.balance_of(person) == Decimal("6.40")


@pytest.mark.django_db
def test_postgresql_refuses_a_row_of_another_antenna_than_its_person(person, world):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Charge.objects.create(
            antenna=world.neighbour, beneficiary=person, kind="damage", amount=1, label="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            antenna=world.neighbour, beneficiary=person, amount=1, method="cash",
            paid_on=date(2026, 1, 1), received_by=world.staff, year=2026, number=1,
        )  # fmt: skip
