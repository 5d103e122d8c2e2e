"""Benchmark of the indicators with 1 000 000 service uses across 50 antennas.

    DATABASE_URL=postgres://... python -m bench.indicators [--uses 1000000] [--runs 3]

Generates a territory of 50 antennas, 100 000 beneficiaries and the uses once (INSERT ... SELECT
generate_series), then times, as medians in seconds: compiling the territory's figures
(indicators.figures.compute, with secrecy), rendering the PDF from those figures, and the bare SQL
aggregation of the same uses (one GROUP BY antenna, service, month); prints the ratio."""

import argparse
import os
import statistics
import time

SLUG = "bench-indicateurs"
ANTENNAS = 50
YEAR = 2025


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobilex.settings")
    import django

    django.setup()


def _world():
    from antennas.models import Antenna, Commune, Territory

    territory, _ = Territory.objects.get_or_create(
        slug=SLUG, defaults={"name": "Territoire de mesure des indicateurs", "kind": "petr"}
    )
    communes = list(Commune.objects.order_by("insee_code").values_list("insee_code", flat=True))
    for n in range(ANTENNAS):
        Antenna.objects.get_or_create(
            slug=f"{SLUG}-{n:02d}",
            defaults={
                "name": f"Antenne de mesure {n:02d}",
                "territory": territory,
                "commune_id": communes[n % len(communes)],
                "status": "operating",
            },
        )
    return territory


def _generate(territory, uses):
    from django.db import connection

    from services.models import ServiceUse

    ids = list(territory.antennas.order_by("pk").values_list("pk", flat=True))
    if ServiceUse.objects.filter(antenna_id__in=ids).count() >= uses:
        return ids
    people = 100_000
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH communes AS (
                SELECT array_agg(insee_code ORDER BY insee_code) AS codes FROM antennas_commune
            )
            INSERT INTO beneficiaries_beneficiary (
                antenna_id, last_name, first_name, birth_date, gender, phone, email, commune_id,
                address, situation, disability_recognition, disability_reason, has_c2s, licence,
                transport_autonomy, goals, status, entry_date, exit_date, exit_outcome,
                consent_note, last_contact_on, search_text, name_key, phone_digits, version,
                created_at, updated_at
            )
            SELECT (%(ids)s::bigint[])[1 + i %% %(n)s], 'Mesure' || i, 'P', date '1950-01-01'
                     + (i * 37 %% 20000), (ARRAY['f','m','x'])[1 + i %% 3], '', '',
                   codes[1 + i %% array_length(codes, 1)], '',
                   (ARRAY['job_seeker','rsa','ass','aah','young','senior'])[1 + i %% 6],
                   false, '', false, 'none', '', ARRAY[]::varchar[],
                   CASE WHEN i %% 4 = 0 THEN 'exited' ELSE 'active' END,
                   date '2021-01-01' + (i * 13 %% 2000),
                   CASE WHEN i %% 4 = 0 THEN date '2021-01-01' + (i * 13 %% 2000) + 200 END,
                   CASE WHEN i %% 4 = 0
                        THEN (ARRAY['durable_job','training','moved','other'])[1 + i %% 16 / 4]
                        ELSE '' END,
                   '', current_date, '', '', '', 1, now(), now()
            FROM generate_series(0, %(people)s - 1) AS i, communes
            RETURNING id
            """,
            {"ids": ids, "n": len(ids), "people": people},
        )
        first_person = min(row[0] for row in cursor.fetchall())
        cursor.execute(
            """
            INSERT INTO services_serviceuse (
                antenna_id, beneficiary_id, service, used_on, km, mode, reference_mode,
                occupants, source_model, source_id
            )
            SELECT (%(ids)s::bigint[])[1 + i %% %(n)s], %(first)s + i %% %(people)s,
                   (ARRAY['ebike_rental','car_sharing','carpooling','tus','workshop'])[1 + i %% 5],
                   date '2021-01-01' + (i * 7 %% 2190), (i %% 400) / 10.0,
                   (ARRAY['ebike','car_electric','carpool','car_thermal','walk'])[1 + i %% 5],
                   (ARRAY['car_thermal','car_thermal','bus','none'])[1 + i %% 4],
                   1 + i %% 3, 'bench', i
            FROM generate_series(0, %(uses)s - 1) AS i
            """,
            {"ids": ids, "n": len(ids), "first": first_person, "people": people, "uses": uses},
        )
        cursor.execute(
            """
            INSERT INTO services_professionalevent (antenna_id, kind, title, held_on, epci_sirens,
                professionals, elected, public, notes)
            SELECT (%(ids)s::bigint[])[1 + i %% %(n)s], 'upskilling', 'Mesure ' || i,
                   date '2021-01-01' + (i * 11 %% 2190), ARRAY['2467007' || lpad((i %% 20)::text,
                   2, '0')], 5, 1, 3, ''
            FROM generate_series(0, 4999) AS i
            """,
            {"ids": ids, "n": len(ids)},
        )
        cursor.execute("ANALYZE beneficiaries_beneficiary")
        cursor.execute("ANALYZE services_serviceuse")
        cursor.execute("ANALYZE services_professionalevent")
    return ids


BARE_SQL = """
    SELECT antenna_id, service, date_trunc('month', used_on), count(*), sum(km),
           count(DISTINCT beneficiary_id)
    FROM services_serviceuse
    WHERE antenna_id = ANY(%s) AND used_on BETWEEN %s AND %s
    GROUP BY 1, 2, 3
"""


def _median(function, runs):
    timings = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uses", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    _setup()
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.figures import compute
    from indicators.pdf import render_report

    territory = _world()
    start = time.perf_counter()
    ids = _generate(territory, args.uses)
    print(f"data ready in {time.perf_counter() - start:.1f} s ({args.uses:,} uses, 50 antennas)")

    with CaptureQueriesContext(connection) as queries:
        compute(year=YEAR, territory=territory)
    figures_s, figures = _median(lambda: compute(year=YEAR, territory=territory), args.runs)
    pdf_s, pdf = _median(lambda: render_report(figures), args.runs)

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(BARE_SQL, [ids, date(2021, 1, 1), date(YEAR, 12, 31)])
            return cursor.fetchall()

    bare_s, rows = _median(bare, args.runs)
    print(f"figures of the territory ({len(queries)} queries): {figures_s:.2f} s")
    print(f"PDF rendering ({len(pdf):,} bytes):            {pdf_s:.2f} s")
    print(f"bare SQL aggregation ({len(rows):,} groups):      {bare_s:.2f} s")
    print(f"ratio figures / bare SQL: {figures_s / bare_s:.1f}")
    print(f"uses {YEAR}: {figures.current['uses'].value:,}; km: {figures.current['km'].value:,}")


if __name__ == "__main__":
    main()
