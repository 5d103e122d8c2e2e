"""Deposits: taken, held, returned in full or less a deduction for damage (never more than the
deposit), refunded; never both held and returned, which PostgreSQL refuses even behind the
application's back."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from billing import deposits, payments
from billing.models import Charge, Deposit, Payment


@pytest.fixture
def deposit(rental, world):
    return deposits.take_deposit(
        booking=rental, amount=Decimal("400.00"), method="cheque", reference="Chq 0012345",
        taken_by=world.staff,
    )  # fmt: skip


@pytest.mark.django_db
def test_returned_in_full(deposit, world, person):
    closed = deposits.close_deposit(deposit=deposit, by=world.staff)
    assert closed.status == Deposit.Status.RETURNED
    assert closed.returned_amount == Decimal("400.00")
    assert closed.closed_by == world.staff and closed.closed_at is not None
    assert payments.balance_of(person) == 0
    with pytest.raises(ValidationError):
        deposits.close_deposit(deposit=closed, by=world.staff, refund=True)


@pytest.mark.django_db
def test_deduction_becomes_a_damage_charge_paid_from_the_deposit(deposit, world, person):
    closed = deposits.close_deposit(
        deposit=deposit, by=world.staff, deduction=Decimal("85.00"), reason="rayure portière"
    )
    assert closed.returned_amount == Decimal("315.00")
    damage = Charge.objects.get(beneficiary=person, kind="damage")
    assert damage.amount == Decimal("85.00") and closed.damage == damage
    paid = Payment.objects.get(beneficiary=person)
    assert (paid.method, paid.amount, paid.number) == ("deposit", Decimal("85.00"), 1)
    assert payments.balance_of(person) == 0


@pytest.mark.django_db
def test_a_deduction_larger_than_the_deposit_or_without_reason_is_refused(deposit, world):
    with pytest.raises(ValidationError) as error:
        deposits.close_deposit(deposit=deposit, by=world.staff, deduction=Decimal("400.01"),
                               reason="pare-choc")  # fmt: skip
    assert "La retenue ne dépasse pas la caution" in error.value.message_dict["deduction"][0]
    with pytest.raises(ValidationError) as error:
        deposits.close_deposit(deposit=deposit, by=world.staff, deduction=Decimal("10"))
    assert "reason" in error.value.message_dict
    deposit.refresh_from_db()
    assert deposit.status == Deposit.Status.HELD
    assert not Charge.objects.filter(kind="damage").exists()


@pytest.mark.django_db
def test_refunded_for_cash(rental, world):
    deposit = deposits.take_deposit(
        booking=rental, amount=Decimal("380"), method="cash", taken_by=world.staff
    )
    assert deposits.close_deposit(deposit=deposit, by=world.staff, refund=True).status == "refunded"


@pytest.mark.django_db
def test_one_deposit_per_rental_and_a_cheque_needs_its_number(rental, world, deposit):
    with pytest.raises(ValidationError):
        deposits.take_deposit(
            booking=rental, amount=Decimal(1), method="cash", taken_by=world.staff
        )
    with pytest.raises(ValidationError) as error:
        deposits.take_deposit(booking=rental, amount=Decimal(1), method="cheque",
                              taken_by=world.staff)  # fmt: skip
    assert "reference" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        # held yet marked as given back
        "UPDATE billing_deposit SET closed_at = now() WHERE id = %s",
        # returned without who and when
        "UPDATE billing_deposit SET status = 'returned' WHERE id = %s",
        # a deduction above the deposit
        "UPDATE billing_deposit SET status = 'returned', closed_at = now(), closed_by_id = "
        "taken_by_id, deduction = 401, deduction_reason = 'x' WHERE id = %s",
    ],
)
def test_postgresql_refuses_incoherent_deposits(deposit, sql):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [deposit.pk])


@pytest.mark.django_db
def test_held_list_with_age(deposit, world, rental):
    from datetime import timedelta

    from django.utils import timezone

    Deposit.objects.filter(pk=deposit.pk).update(taken_at=timezone.now() - timedelta(days=12))
    listed = list(deposits.held(world.antenna))
    assert [(d.pk, d.age.days) for d in listed] == [(deposit.pk, 12)]
    assert list(deposits.held(world.neighbour)) == []
    # a social worker of another structure never sees this person's deposit
    outsider = Deposit.objects.visible_to(world.other_social_worker.memberships.get())
    assert list(deposits.held(world.antenna, among=outsider)) == []
    deposits.close_deposit(deposit=deposit, by=world.staff)
    assert list(deposits.held(world.antenna)) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        # a returned deposit held again, as if never given back
        "UPDATE billing_deposit SET status = 'held', closed_at = NULL, closed_by_id = NULL, "
        "deduction = 0, deduction_reason = '', damage_id = NULL WHERE id = %s",
        # returned, then refunded too
        "UPDATE billing_deposit SET status = 'refunded' WHERE id = %s",
        # its deduction rewritten after the fact
        "UPDATE billing_deposit SET deduction = 1 WHERE id = %s",
    ],
)
def test_postgresql_refuses_to_reopen_a_closed_deposit(deposit, world, sql):
    closed = deposits.close_deposit(
        deposit=deposit, by=world.staff, deduction=Decimal("85.00"), reason="rayure portière"
    )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [closed.pk])
    closed.refresh_from_db()
    assert (closed.status, closed.deduction) == ("returned", Decimal("85.00"))
