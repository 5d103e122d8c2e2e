"""Defence in depth for tenancy: PostgreSQL refuses a row that points to a row of another
antenna (a booking to another antenna's vehicle, a note to another antenna's person…), whatever
wrote it. One trigger function; one trigger per such foreign key, found from the models."""

from django.db import models

FUNCTION = """
CREATE OR REPLACE FUNCTION mobilex_same_antenna() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target_id bigint := (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
    target_antenna bigint;
    found_rows integer;
BEGIN
    IF target_id IS NULL THEN
        RETURN NEW;
    END IF;
    EXECUTE format('SELECT antenna_id FROM %I WHERE id = $1', TG_ARGV[1])
        INTO target_antenna USING target_id;
    GET DIAGNOSTICS found_rows = ROW_COUNT;
    -- A missing target is the (deferred) foreign key's business, not this trigger's.
    IF found_rows > 0 AND target_antenna IS DISTINCT FROM NEW.antenna_id THEN
        RAISE EXCEPTION '%.% points to a row of another antenna (%)',
            TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1]
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END $$;
"""


def _antenna_fk(model):
    try:
        field = model._meta.get_field("antenna")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist of the historical models
        return None
    return field if isinstance(field, models.ForeignKey) and not field.null else None


def guarded_foreign_keys(all_models):
    """(table, column, target table) of every foreign key from an antenna's row to another
    antenna's row."""
    for model in all_models:
        if model._meta.proxy or not model._meta.managed or _antenna_fk(model) is None:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey) or field.name == "antenna":
                continue
            target = field.related_model
            if _antenna_fk(target) is not None:
                yield model._meta.db_table, field.column, target._meta.db_table


def trigger_name(table: str, column: str) -> str:
    return f"same_antenna_{table}_{column}"[:63]


def create_triggers(all_models, cursor) -> None:
    cursor.execute(FUNCTION)
    for table, column, target in guarded_foreign_keys(all_models):
        name = trigger_name(table, column)
        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
        cursor.execute(
            f'CREATE TRIGGER "{name}" BEFORE INSERT OR UPDATE OF "{column}", antenna_id '
            f'ON "{table}" FOR EACH ROW EXECUTE FUNCTION mobilex_same_antenna(%s, %s)',
            [column, target],
        )
