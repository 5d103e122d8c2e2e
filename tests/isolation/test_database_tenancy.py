"""Defence in depth: PostgreSQL itself refuses a row that points to another antenna's vehicle,
person or session (mobilex/tenancy_sql.py), proven by SQL written behind the application."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from mobilex.tenancy_sql import guarded_foreign_keys, trigger_name
from tests.beneficiaries.factories import NoteFactory
from tests.services.factories import (
    BeneficiaryFactory,
    BookingFactory,
    SessionFactory,
    VehicleFactory,
)


def _copy_pointing_elsewhere(table: str, row_id: int, column: str, target_id: int) -> None:
    """INSERT a copy of a row (new id) whose `column` names `target_id` (the columns PostgreSQL
    generates, e.g. services_booking.starts_at, are left to it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)"
            " FROM information_schema.columns WHERE table_name = %s AND is_generated = 'NEVER'",
            [table],
        )
        columns = cursor.fetchone()[0]
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM ("  # noqa: S608
            f"SELECT (jsonb_populate_record(NULL::{table}, to_jsonb(x) "
            "|| jsonb_build_object('id', x.id + 1000000, %s::text, %s::bigint))).* "
            f"FROM {table} x WHERE id = %s) AS copy",
            [column, target_id, row_id],
        )


def _refused(table, row_id, column, target_id):
    with (
        pytest.raises(DatabaseError, match="points to a row of another antenna"),
        transaction.atomic(),
    ):
        _copy_pointing_elsewhere(table, row_id, column, target_id)


@pytest.mark.django_db
class TestRowsPointingToAnotherAntenna:
    def test_note_about_another_antennas_person(self, world):
        note = NoteFactory(beneficiary=BeneficiaryFactory(antenna=world.antenna))
        stranger = BeneficiaryFactory(antenna=world.neighbour)
        _refused("beneficiaries_note", note.pk, "beneficiary_id", stranger.pk)

    def test_booking_of_another_antennas_vehicle_or_person(self, world):
        booking = BookingFactory(vehicle=VehicleFactory(antenna=world.antenna))
        _refused(
            "services_booking", booking.pk, "vehicle_id", VehicleFactory(antenna=world.neighbour).pk
        )
        _refused(
            "services_booking",
            booking.pk,
            "beneficiary_id",
            BeneficiaryFactory(antenna=world.neighbour).pk,
        )

    def test_same_antenna_copy_is_accepted(self, world):
        """The statement itself is sound: pointing within the antenna goes through."""
        booking = BookingFactory(vehicle=VehicleFactory(antenna=world.antenna))
        other_car = VehicleFactory(antenna=world.antenna)
        with transaction.atomic():
            _copy_pointing_elsewhere("services_booking", booking.pk, "vehicle_id", other_car.pk)

    def test_update_to_another_antennas_session_is_refused(self, world):
        from services.models import Registration

        session = SessionFactory(antenna=world.antenna)
        person = BeneficiaryFactory(antenna=world.antenna)
        registration = Registration.objects.create(
            antenna=world.antenna, session=session, beneficiary=person
        )
        elsewhere = SessionFactory(antenna=world.neighbour)
        with (
            pytest.raises(DatabaseError, match="another antenna"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "UPDATE services_registration SET session_id = %s WHERE id = %s",
                [elsewhere.pk, registration.pk],
            )


def test_every_foreign_key_between_antenna_rows_has_its_trigger(db):
    expected = {
        trigger_name(table, column)
        for table, column, _target in guarded_foreign_keys(apps.get_models())
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'same_antenna_%%'")
        present = {name for (name,) in cursor.fetchall()}
    assert expected - present == set(), "run a migration calling create_triggers"
    assert "same_antenna_services_booking_vehicle_id" in expected
