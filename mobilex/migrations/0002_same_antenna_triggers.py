from django.db import migrations

from mobilex.tenancy_sql import create_triggers

APPS = ("antennas", "beneficiaries", "services", "indicators")


def forwards(apps, schema_editor):
    models = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    with schema_editor.connection.cursor() as cursor:
        create_triggers(models, cursor)


def backwards(apps, schema_editor):
    schema_editor.execute("DROP FUNCTION IF EXISTS mobilex_same_antenna() CASCADE")


class Migration(migrations.Migration):
    dependencies = [
        ("mobilex", "0001_outbox"),
        ("antennas", "0003_invitation_revocation"),
        ("beneficiaries", "0004_audit_lists_and_immutability"),
        ("services", "0005_reference_modes"),
        ("indicators", "0002_seed_emission_factors"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
