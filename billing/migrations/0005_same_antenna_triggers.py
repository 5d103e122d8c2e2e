"""Defence in depth: a billing row carries the antenna of the person, booking or vehicle it
points to. One trigger function, told by its arguments which table and column to compare."""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION billing_same_antenna() RETURNS trigger AS $$
DECLARE
    target bigint;
    target_antenna bigint;
BEGIN
    EXECUTE format('SELECT ($1).%I', TG_ARGV[1]) INTO target USING NEW;
    IF target IS NULL THEN
        RETURN NEW;
    END IF;
    EXECUTE format('SELECT antenna_id FROM %I WHERE id = $1', TG_ARGV[0])
        INTO target_antenna USING target;
    IF target_antenna IS DISTINCT FROM NEW.antenna_id THEN
        RAISE EXCEPTION '%.% points to another antenna', TG_TABLE_NAME, TG_ARGV[1]
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
"""

CHECKS = [
    ("billing_charge", "beneficiaries_beneficiary", "beneficiary_id"),
    ("billing_charge", "services_booking", "booking_id"),
    ("billing_payment", "beneficiaries_beneficiary", "beneficiary_id"),
    ("billing_deposit", "beneficiaries_beneficiary", "beneficiary_id"),
    ("billing_deposit", "services_booking", "booking_id"),
    ("billing_contract", "services_booking", "booking_id"),
    ("billing_conditionreport", "services_booking", "booking_id"),
    ("billing_incident", "services_vehicle", "vehicle_id"),
    ("billing_incident", "services_booking", "booking_id"),
    ("billing_incident", "beneficiaries_beneficiary", "driver_id"),
]


def _triggers():
    return "\n".join(
        f"CREATE TRIGGER {table}_{column}_antenna BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION billing_same_antenna('{target}', '{column}');"
        for table, target, column in CHECKS
    )


def _drops():
    return "\n".join(
        f"DROP TRIGGER {table}_{column}_antenna ON {table};" for table, _t, column in CHECKS
    )


class Migration(migrations.Migration):
    dependencies = [("billing", "0004_incidents")]

    operations = [
        migrations.RunSQL(
            sql=FUNCTION + _triggers(),
            reverse_sql=_drops() + "DROP FUNCTION billing_same_antenna();",
        )
    ]
