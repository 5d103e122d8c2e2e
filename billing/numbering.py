"""Receipt numbers, gapless per antenna and year.

The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING, so two first payments
of a year do not collide) and then locked with SELECT … FOR UPDATE: concurrent payments wait
for each other's commit, and a payment that rolls back gives its number back with it."""

from django.db import connection, transaction

from billing.models import ReceiptCounter


def next_number(*, antenna_id: int, year: int) -> int:
    assert transaction.get_connection().in_atomic_block, "number inside the payment's transaction"
    table = ReceiptCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (antenna_id, year, last) VALUES (%s, %s, 0) "  # noqa: S608
            "ON CONFLICT (antenna_id, year) DO NOTHING",
            [antenna_id, year],
        )
    counter = ReceiptCounter.objects.select_for_update().get(antenna_id=antenna_id, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
