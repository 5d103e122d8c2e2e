"""The deposits services used to note on bookings become billing Deposit rows (billing 0007)
before services drops the two columns (services 0010): nothing noted is lost."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.services.factories import BeneficiaryFactory, VehicleFactory

BEFORE = [("billing", "0006_attendance_signatures"), ("services", "0009_merge_20261201_1310")]
AFTER = [
    ("billing", "0007_deposits_from_bookings"),
    ("services", "0010_booking_deposits_in_billing"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Going back to BEFORE unapplies every migration that depends on it, in any app: the
    whole graph is applied again afterwards, so that later tests see today's tables."""
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_noted_deposits_become_deposit_rows(world, latest_schema_after):
    from psycopg.types.range import Range

    person = BeneficiaryFactory(antenna=world.antenna)
    cars = [VehicleFactory(antenna=world.antenna).pk for _ in range(4)]
    apps = migrate(BEFORE)
    Booking = apps.get_model("services", "Booking")
    now = timezone.now()

    def booking(days, **money):
        start = now - timedelta(days=days)
        return Booking.objects.create(
            antenna_id=world.antenna.pk, vehicle_id=cars.pop(), beneficiary_id=person.pk,
            kind="rental",
            period=Range(start, start + timedelta(hours=5), "[)"), created_by_id=world.staff.pk,
            checkout_at=start, checkin_at=start + timedelta(hours=4), **money,
        )  # fmt: skip

    out = booking(9, status="checked_out", deposit_taken=Decimal(400))
    back = booking(7, status="returned", deposit_taken=Decimal(400), deposit_returned=Decimal(400))
    kept = booking(5, status="returned", deposit_taken=Decimal(380),
                   deposit_returned=Decimal(300), checkin_condition="garde-boue tordu")  # fmt: skip
    free = booking(3, status="returned")
    apps = migrate(AFTER)
    Deposit = apps.get_model("billing", "Deposit")
    rows = {d.booking_id: d for d in Deposit.objects.all()}
    assert set(rows) == {out.pk, back.pk, kept.pk} and free.pk not in rows
    assert (rows[out.pk].status, rows[out.pk].amount, rows[out.pk].method) == (
        "held", Decimal("400.00"), "unrecorded")  # fmt: skip
    assert (rows[back.pk].status, rows[back.pk].deduction) == ("returned", Decimal("0.00"))
    assert rows[kept.pk].deduction == Decimal("80.00")
    assert rows[kept.pk].damage.amount == Decimal("80.00")
    Payment = apps.get_model("billing", "Payment")
    paid = Payment.objects.get(beneficiary_id=person.pk)
    assert (paid.method, paid.amount, paid.number) == ("deposit", Decimal("80.00"), 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'services_booking' AND column_name LIKE 'deposit%%'"
        )
        assert cursor.fetchall() == []
