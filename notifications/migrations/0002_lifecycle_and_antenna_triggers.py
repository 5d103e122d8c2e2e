"""PostgreSQL enforces the lifecycle table of notifications.lifecycle.TRANSITIONS (a test
checks they agree) and that a message's recipient belongs to the message's antenna."""

from django.db import migrations

LIFECYCLE = """
CREATE OR REPLACE FUNCTION notif_check_transition() RETURNS trigger AS $$
BEGIN
  IF NEW.status <> OLD.status AND NOT ((OLD.status = 'queued' AND NEW.status = 'cancelled') OR (OLD.status = 'queued' AND NEW.status = 'failed') OR (OLD.status = 'queued' AND NEW.status = 'sent') OR (OLD.status = 'failed' AND NEW.status = 'queued')) THEN
    RAISE EXCEPTION 'notification % cannot go from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER notif_transition BEFORE UPDATE OF status ON notifications_notification
  FOR EACH ROW EXECUTE FUNCTION notif_check_transition();
"""

SAME_ANTENNA = """
CREATE OR REPLACE FUNCTION notif_same_antenna() RETURNS trigger AS $$
BEGIN
  IF NEW.beneficiary_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM beneficiaries_beneficiary b
       WHERE b.id = NEW.beneficiary_id AND b.antenna_id = NEW.antenna_id)
     OR NEW.driver_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM services_driver d
       WHERE d.id = NEW.driver_id AND d.antenna_id = NEW.antenna_id) THEN
    RAISE EXCEPTION 'notification % names a recipient of another antenna', NEW.id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER notif_same_antenna BEFORE INSERT OR UPDATE OF antenna_id, beneficiary_id, driver_id
  ON notifications_notification FOR EACH ROW EXECUTE FUNCTION notif_same_antenna();
"""


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.RunSQL(
            LIFECYCLE,
            "DROP TRIGGER notif_transition ON notifications_notification;"
            " DROP FUNCTION notif_check_transition();",
        ),
        migrations.RunSQL(
            SAME_ANTENNA,
            "DROP TRIGGER notif_same_antenna ON notifications_notification;"
            " DROP FUNCTION notif_same_antenna();",
        ),
    ]
