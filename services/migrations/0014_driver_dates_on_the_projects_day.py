"""A driver's arrival and departure dates are the project's day (Europe/Paris, TIME_ZONE), not
the database session's: `current_date` is the day in UTC, which Django sets on every
connection, so a driver leaving between midnight and 1 or 2 a.m. was dated the day before."""

from django.db import migrations

TODAY = "(now() AT TIME ZONE 'Europe/Paris')::date"

FUNCTION = """
CREATE OR REPLACE FUNCTION services_driver_dates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.joined_on := coalesce(NEW.joined_on, {today});
    END IF;
    IF NEW.is_active THEN
        NEW.left_on := NULL;
    ELSIF TG_OP = 'INSERT' THEN
        NEW.left_on := coalesce(NEW.left_on, {today});
    ELSIF OLD.is_active THEN  -- OLD exists from here on: an update
        NEW.left_on := coalesce(NEW.left_on, {today});
    END IF;
    RETURN NEW;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("services", "0013_booking_windows_by_index")]

    operations = [
        migrations.RunSQL(FUNCTION.format(today=TODAY), FUNCTION.format(today="current_date"))
    ]
