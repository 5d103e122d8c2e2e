"""k-anonymity of anonymised records: within an antenna, every anonymised record shares its kept
attributes (commune, birth year, gender, situation) with at least K-1 others, so that nobody is
recognised by them. The records of too small groups are generalised one step at a time — birth
year to its decade, commune to a commune of the same EPCI with the same rural or urban class (the
figures by territory and residence stay the same) — and, if that is not enough, an attribute is
blanked (situation "other", gender "not stated", birth year 1900); the few still standing out
are blanked entirely, the antenna's commune standing for theirs."""

from django.db import connection

from antennas.models import RURAL_DENSITY_LEVELS

K = 5

_RURAL = ", ".join(str(level) for level in RURAL_DENSITY_LEVELS)
# Each step rewrites one kept attribute of the records of groups smaller than K (`b` is the row).
STEPS = (
    ("birth_date", "make_date((extract(year FROM b.birth_date)::int / 10) * 10 + 5, 7, 1)"),
    (
        "commune_id",
        # Communes outside the territory have no density level: they count as not rural.
        f"""coalesce((SELECT min(c2.insee_code) FROM antennas_commune c1 JOIN antennas_commune c2
              ON c2.epci_siren = c1.epci_siren
             AND coalesce(c2.density_level IN ({_RURAL}), false)
               = coalesce(c1.density_level IN ({_RURAL}), false)
             WHERE c1.insee_code = b.commune_id), b.commune_id)""",  # noqa: S608 - constants only
    ),
    ("situation", "'other'"),
    ("gender", "'x'"),
    ("birth_date", "make_date(1900, 7, 1)"),
)
BLANK_COMMUNE = "(SELECT a.commune_id FROM antennas_antenna a WHERE a.id = b.antenna_id)"

GROUPS = """
    SELECT array_agg(id), count(*) FROM beneficiaries_beneficiary
    WHERE antenna_id = %s AND anonymised_at IS NOT NULL
    GROUP BY commune_id, extract(year FROM birth_date), gender, situation
    ORDER BY count(*), min(id)
"""
SMALL_GROUPS = """
    SELECT id FROM (
        SELECT id, count(*) OVER (
            PARTITION BY commune_id, extract(year FROM birth_date), gender, situation
        ) AS size
        FROM beneficiaries_beneficiary
        WHERE antenna_id = %s AND anonymised_at IS NOT NULL
    ) groups WHERE size < %s
"""


def generalise(*, antenna_id: int) -> int:
    """Generalise until no anonymised record of the antenna stands out; returns how many
    attribute rewrites it took (0 when every group already holds K people)."""
    rewritten = 0
    with connection.cursor() as cursor:
        for column, expression in STEPS:
            cursor.execute(
                f"UPDATE beneficiaries_beneficiary b SET {column} = {expression} "  # noqa: S608
                f"WHERE b.id IN ({SMALL_GROUPS})",
                [antenna_id, K],
            )
            rewritten += cursor.rowcount
            cursor.execute(f"SELECT count(*) FROM ({SMALL_GROUPS}) s", [antenna_id, K])  # noqa: S608
            if cursor.fetchone()[0] == 0:
                return rewritten
        return rewritten + _blank_leftovers(cursor, antenna_id)


def _blank_leftovers(cursor, antenna_id: int) -> int:
    """The groups still too small after every step are blanked entirely (the antenna's commune
    too) together with the smallest other groups, until the blank group holds K people (or
    every anonymised record of an antenna with fewer than K of them)."""
    cursor.execute(GROUPS, [antenna_id])
    groups = cursor.fetchall()
    ids, total = [], 0
    for group_ids, size in groups:
        if size >= K and total >= K:
            break
        ids += group_ids
        total += size
    cursor.execute(
        f"UPDATE beneficiaries_beneficiary b SET commune_id = {BLANK_COMMUNE}, "  # noqa: S608
        "birth_date = make_date(1900, 7, 1), gender = 'x', situation = 'other' "
        "WHERE b.id = ANY(%s)",
        [ids],
    )
    return cursor.rowcount
