"""The deposit lives in billing.Deposit only (moved there by billing 0007)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0009_merge_20261201_1310"),
        ("billing", "0007_deposits_from_bookings"),
    ]

    operations = [
        migrations.RemoveField(model_name="booking", name="deposit_taken"),
        migrations.RemoveField(model_name="booking", name="deposit_returned"),
    ]
