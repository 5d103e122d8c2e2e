"""Check-out and check-in at the desk carry the rental's money, in the same transaction and
in billing's one record of it: the deposit taken at check-out, given back at check-in (in
full, or less a deduction for the damage the check-in condition report records), the rental
charged at check-in, once, even when the form is sent twice."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import AuditEvent
from billing import payments
from billing.models import Charge, Deposit, Payment
from services.models import Booking, PriceRule
from services.occupancy import period_of
from tests.billing.test_condition import form_data
from tests.concurrency import race
from tests.services.factories import at


def url(name, world, booking):
    return reverse(name, kwargs={"antenna_slug": world.antenna.slug, "pk": booking.pk})


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def today_rental(rental):
    Booking.objects.filter(pk=rental.pk).update(period=period_of(at(0, 0), at(0, 23)))
    rental.refresh_from_db()
    return rental


def check_out(client, world, booking, **deposit):
    data = {"at": local(at(0, 8)), "odometer": 1000, "level": 80, "deposit_amount": "400",
            "deposit_method": "cheque", "deposit_reference": "Chq 0012345", **deposit}  # fmt: skip
    return client.post(url("services_checkout", world, booking), data)


def check_in(client, world, booking, **deduction):
    data = {"at": local(at(0, 17)), "odometer": 1042, **deduction}
    return client.post(url("services_checkin", world, booking), data)


@pytest.mark.django_db
def test_check_out_takes_the_deposit_or_nothing(client, world, today_rental):
    client.force_login(world.staff)
    page = client.get(url("services_checkout", world, today_rental))
    assert page.context["form"]["deposit_amount"].value() == Decimal("400.00")  # the rule's
    response = check_out(client, world, today_rental, deposit_reference="")
    assert response.status_code == 400
    assert "numéro du chèque" in response.context["form"].errors["deposit_reference"][0]
    today_rental.refresh_from_db()
    assert today_rental.status == "reserved" and not Deposit.objects.exists()  # one transaction
    assert check_out(client, world, today_rental).status_code == 302
    deposit = Deposit.objects.get(booking=today_rental)
    assert AuditEvent.objects.filter(
        model="Booking", object_id=today_rental.pk, action="update", actor=world.staff,
        beneficiary_id=today_rental.beneficiary_id,
    ).exists()  # fmt: skip
    assert (deposit.status, deposit.amount, deposit.method, deposit.reference, deposit.taken_by) \
        == ("held", Decimal("400.00"), "cheque", "Chq 0012345", world.staff)  # fmt: skip
    detail = client.get(url("services_booking", world, today_rental)).content.decode()
    assert '400,00\u00a0€ · chèque non encaissé · <span class="badge">détenue</span>' in detail


@pytest.mark.django_db
def test_check_in_returns_the_deposit_and_charges_the_rental(client, world, today_rental, person):
    client.force_login(world.staff)
    check_out(client, world, today_rental)
    assert not Charge.objects.exists()  # charged when it comes back, not before
    assert check_in(client, world, today_rental).status_code == 302
    deposit = Deposit.objects.get()
    assert (deposit.status, deposit.deduction, deposit.closed_by) == ("returned", 0, world.staff)
    charge = Charge.objects.get()
    assert (charge.kind, charge.amount, charge.booking) == (
        "rental",
        Decimal("24.50"),
        today_rental,
    )
    assert payments.balance_of(person) == Decimal("24.50")


@pytest.mark.django_db
def test_a_per_km_rental_is_charged_the_price_known_at_check_in(client, world, today_rental):
    PriceRule.objects.filter(antenna=world.antenna).update(
        unit="km", price=Decimal("0.50"), reduced_price=Decimal("0.25")
    )
    client.force_login(world.staff)
    check_out(client, world, today_rental)
    check_in(client, world, today_rental)  # 42 km
    today_rental.refresh_from_db()
    assert today_rental.price in (Decimal("21.00"), Decimal("10.50"))  # full or reduced price
    assert Charge.objects.get().amount == today_rental.price


@pytest.mark.django_db
def test_a_cash_deposit_is_refunded_and_a_free_rental_not_charged(client, world, today_rental):
    Booking.objects.filter(pk=today_rental.pk).update(price=0)
    client.force_login(world.staff)
    check_out(client, world, today_rental, deposit_method="cash", deposit_reference="")
    check_in(client, world, today_rental)
    assert Deposit.objects.get().status == "refunded"
    assert not Charge.objects.exists()


@pytest.mark.django_db
def test_a_deduction_rests_on_the_check_in_report(client, world, today_rental, person):
    client.force_login(world.staff)
    client.post(url("billing_checkout_report", world, today_rental), form_data())
    check_out(client, world, today_rental)
    response = check_in(client, world, today_rental, deduction="60", deduction_reason="rayure")
    assert response.status_code == 400
    assert "état des lieux au retour" in response.context["form"].errors["deduction"][0]
    client.post(
        url("billing_checkin_report", world, today_rental),
        form_data(item_bodywork="damaged", remarks="rayure portière"),
    )
    page = client.get(url("services_checkin", world, today_rental))
    assert (
        "Caution détenue : 400,00\u00a0€ (chèque non encaissé) · Chq 0012345"
        in page.content.decode()
    )
    reason = "carrosserie / cadre : abîmé; rayure portière"
    assert page.context["form"]["deduction_reason"].value() == reason
    response = check_in(client, world, today_rental, deduction="450", deduction_reason=reason)
    assert response.status_code == 400
    assert "ne dépasse pas la caution" in response.context["form"].errors["deduction"][0]
    response = check_in(client, world, today_rental, deduction="60,00", deduction_reason="")
    assert "Décrivez les dégâts" in response.context["form"].errors["deduction_reason"][0]
    today_rental.refresh_from_db()
    assert today_rental.status == "checked_out" and not Charge.objects.exists()
    assert check_in(client, world, today_rental, deduction="60,00",
                    deduction_reason=reason).status_code == 302  # fmt: skip
    deposit = Deposit.objects.get()
    assert (deposit.status, deposit.deduction, deposit.deduction_reason) == (
        "returned", Decimal("60.00"), reason)  # fmt: skip
    assert sorted(Charge.objects.values_list("kind", "amount")) == [
        ("damage", Decimal("60.00")), ("rental", Decimal("24.50"))]  # fmt: skip
    paid = Payment.objects.get()
    assert (paid.method, paid.amount) == ("deposit", Decimal("60.00"))
    assert payments.balance_of(person) == Decimal("24.50")  # the damage is paid by the deposit


@pytest.mark.django_db
def test_a_second_submit_charges_nothing_more(client, world, today_rental):
    client.force_login(world.staff)
    check_out(client, world, today_rental)
    assert check_out(client, world, today_rental).status_code == 400
    assert check_in(client, world, today_rental).status_code == 302
    assert check_in(client, world, today_rental).status_code == 400
    assert Charge.objects.count() == 1 and Deposit.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_check_ins_at_once_charge_the_rental_once(world, today_rental):
    """Two desk phones send the check-in together: each request on its own connection."""
    from django.test import Client

    client = Client()
    client.force_login(world.staff)
    check_out(client, world, today_rental)
    phones = [Client(), Client()]
    for phone in phones:
        phone.force_login(world.staff)
    codes, errors = race(lambda i: check_in(phones[i], world, today_rental).status_code, 2)
    assert errors == []
    assert sorted(codes) == [302, 400]
    assert Charge.objects.filter(kind="rental").count() == 1
    assert Deposit.objects.get().status == "returned"
