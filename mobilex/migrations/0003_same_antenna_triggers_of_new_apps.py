from django.db import migrations

from mobilex.tenancy_sql import create_triggers

# Every app whose rows belong to an antenna: the branches merged after 0002 (billing,
# notifications, the published offer, periods, trips' bookings) added foreign keys to guard.
APPS = ("antennas", "beneficiaries", "services", "indicators", "billing", "notifications")


def forwards(apps, schema_editor):
    models = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    with schema_editor.connection.cursor() as cursor:
        create_triggers(models, cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("mobilex", "0002_same_antenna_triggers"),
        ("antennas", "0004_merge_20261201_1310"),
        ("beneficiaries", "0006_merge_20261201_1310"),
        ("services", "0009_merge_20261201_1310"),
        ("indicators", "0008_merge_0003_reference_modes_0007_yearly_rollup_of_uses"),
        ("billing", "0006_attendance_signatures"),
        ("notifications", "0002_lifecycle_and_antenna_triggers"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
