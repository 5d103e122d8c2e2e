"""Recompute the rollups from the uses (`manage.py rebuild_rollups`), or say how far they drifted.

The triggers keep them true on every write; a rebuild is for a restored dump, a trigger
dropped by hand, or a change of what the rollups hold."""

from django.db import connection, transaction

USES = "indicators_rollup_uses"
PEOPLE = "indicators_rollup_people"
EVENTS = "indicators_rollup_events"
YEARS = "indicators_rollup_years"
PERSONS = "indicators_rollup_persons"
HEADCOUNTS = "indicators_rollup_headcounts"

# What each rollup holds, computed from the uses; the triggers keep exactly this.
RECOMPUTED = {
    USES: """
        SELECT antenna_id, date_trunc('month', used_on)::date AS month, service, mode,
               reference_mode, occupants, count(*) AS uses, sum(km) AS km,
               min(used_on) AS first_used_on
        FROM services_serviceuse GROUP BY 1, 2, 3, 4, 5, 6
    """,
    PEOPLE: """
        SELECT antenna_id, extract(year FROM used_on)::int AS year, service, beneficiary_id,
               count(*) AS uses, sum(km) AS km
        FROM services_serviceuse WHERE beneficiary_id IS NOT NULL GROUP BY 1, 2, 3, 4
    """,
    YEARS: """
        SELECT antenna_id, extract(year FROM used_on)::int AS year, service, mode,
               reference_mode, occupants, count(*) AS uses, sum(km) AS km
        FROM services_serviceuse GROUP BY 1, 2, 3, 4, 5, 6
    """,
    PERSONS: """
        SELECT antenna_id, extract(year FROM used_on)::int AS year, beneficiary_id,
               count(*) AS uses
        FROM services_serviceuse WHERE beneficiary_id IS NOT NULL GROUP BY 1, 2, 3
    """,
    HEADCOUNTS: """
        SELECT antenna_id, year, coalesce(service, '') AS service,
               count(DISTINCT beneficiary_id) AS people
        FROM (SELECT antenna_id, extract(year FROM used_on)::int AS year, service, beneficiary_id
              FROM services_serviceuse WHERE beneficiary_id IS NOT NULL) u
        GROUP BY GROUPING SETS ((antenna_id, year, service), (antenna_id, year))
    """,
    EVENTS: """
        SELECT antenna_id, date_trunc('month', held_on)::date AS month, kind, count(*) AS events,
               sum(professionals + elected + public) AS participants
        FROM services_professionalevent GROUP BY 1, 2, 3
    """,
}
COLUMNS = {
    USES: "antenna_id, month, service, mode, reference_mode, occupants, uses, km, first_used_on",
    PEOPLE: "antenna_id, year, service, beneficiary_id, uses, km",
    YEARS: "antenna_id, year, service, mode, reference_mode, occupants, uses, km",
    PERSONS: "antenna_id, year, beneficiary_id, uses",
    HEADCOUNTS: "antenna_id, year, service, people",
    EVENTS: "antenna_id, month, kind, events, participants",
}


def rebuild() -> dict[str, int]:
    """Replace the rollups by a recomputation, in one transaction. Writers of uses and events
    wait (SHARE lock) so that none slips between the recomputation and the commit; readers of
    the rollups keep reading the old rows until then. Returns the number of rows of each."""
    rows = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE services_serviceuse, services_professionalevent IN SHARE MODE")
        cursor.execute(f"LOCK TABLE {', '.join(RECOMPUTED)} IN EXCLUSIVE MODE")
        for table, query in RECOMPUTED.items():
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (names are constants)
            cursor.execute(f"INSERT INTO {table} ({COLUMNS[table]}) {query}")  # noqa: S608
            rows[table] = cursor.rowcount
            cursor.execute(f"ANALYZE {table}")
    return rows


def drift() -> dict[str, int]:
    """How many rows of each rollup differ from a recomputation (missing, extra or wrong)."""
    counts = {}
    with connection.cursor() as cursor:
        for table, query in RECOMPUTED.items():
            stored = f"SELECT {COLUMNS[table]} FROM {table}"  # noqa: S608
            cursor.execute(
                f"SELECT (SELECT count(*) FROM ({stored} EXCEPT ALL {query}) extra)"  # noqa: S608
                f" + (SELECT count(*) FROM ({query} EXCEPT ALL {stored}) missing)"
            )
            counts[table] = cursor.fetchone()[0]
    return counts
