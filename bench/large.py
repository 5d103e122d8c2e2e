"""The territory's year at scale: 500 antennas, 1 000 000 people, then 1 M and 10 M service uses
(`make bench-large`; `--uses 1000000` for the 1 M set alone).

    python -m bench.large [--uses 1000000,10000000] [--runs 3] [--keep]

Works on a throw-away database beside the configured one (dropped at the end unless --keep,
then reused by the next run). Uses are generated in SQL (INSERT … SELECT generate_series) by
chunks of 1 M, through the rollup triggers as any write. At each size it times, as medians:
  - the territory's year read from the rollups by indicators.rollups.queries (what the figures
    ask: yearly series, services, people, breakdowns by mode, month, service × month, antenna,
    km without factor), with its query count;
  - the bare SQL giving the same numbers over the rollups (the floor of that design);
  - the bare SQL giving the same numbers over the raw uses (what reading uses would cost);
checks that the three agree, and prints the ratios and the growth from one size to the next.
It also times the figures themselves (indicators.figures.compute), published (the officer's page)
and live (what a report's compile starts from), against their own SQL: the very queries they
ran, replayed bare.
The raw-uses SQL (minutes at 10 M) runs at 1 M uses and below only (`--raw-up-to`)."""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date

SLUG = "bench-grand"
ANTENNAS = 500
PEOPLE = 1_000_000
YEAR = 2025
FIRST_YEAR = 2021
CHUNK = 1_000_000


def _outer(args):
    """Create the throw-away database, run this module inside it, drop it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobilex.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # Named after the configured database: engineers sharing a server do not drop each other's.
    name = f"{settings.DATABASES['default']['NAME']}_bench_large"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if not (exists and args.keep):
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {name}")
    from mobilex.embedded import database_url

    env = {**os.environ, "DATABASE_URL": database_url(settings.DATABASES["default"], name=name)}
    env["BENCH_LARGE_INNER"] = "1"
    try:
        run = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
        subprocess.run(run, env=env, check=True)
        subprocess.run([sys.executable, "-m", "bench.large", *sys.argv[1:]], env=env, check=True)
    finally:
        if not args.keep:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _world(people):
    from django.db import connection

    from antennas.models import Antenna, Commune, Territory

    territory, _ = Territory.objects.get_or_create(
        slug=SLUG, defaults={"name": "Territoire de 500 antennes", "kind": "petr"}
    )
    if territory.antennas.count() < ANTENNAS:
        communes = list(Commune.objects.order_by("insee_code").values_list("pk", flat=True))
        Antenna.objects.bulk_create(
            Antenna(
                slug=f"{SLUG}-{n:03d}",
                name=f"Antenne {n:03d}",
                territory=territory,
                commune_id=communes[n % len(communes)],
                status="operating",
            )
            for n in range(ANTENNAS)
        )
    ids = list(territory.antennas.order_by("pk").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(id) FROM beneficiaries_beneficiary")
        count, first = cursor.fetchone()
        if count < people:
            # Person p belongs to antenna p mod 500; their uses carry that antenna.
            cursor.execute(
                """
                INSERT INTO beneficiaries_beneficiary (
                    antenna_id, last_name, first_name, birth_date, gender, phone, email,
                    commune_id, address, situation, disability_recognition, disability_reason,
                    has_c2s, licence, transport_autonomy, goals, status, entry_date, exit_date,
                    exit_outcome, consent_note, last_contact_on, search_text, name_key,
                    phone_digits, version, created_at, updated_at, contact_channel
                )
                SELECT (%(ids)s::bigint[])[1 + p %% %(n)s], 'Mesure' || p, 'P',
                       date '1950-01-01' + (p * 37 %% 20000), (ARRAY['f','m','x'])[1 + p %% 3],
                       '', '', a.commune_id, '', 'job_seeker', false, '', false, 'none', '',
                       ARRAY[]::varchar[], 'active', date '2021-01-01' + (p * 13 %% 2000), NULL,
                       '', '', current_date, '', '', '', 1, now(), now(), ''
                FROM generate_series(0, %(people)s - 1) AS p
                JOIN antennas_antenna a ON a.id = (%(ids)s::bigint[])[1 + p %% %(n)s]
                """,
                {"ids": ids, "n": len(ids), "people": people},
            )
            cursor.execute("ANALYZE beneficiaries_beneficiary")
            cursor.execute("SELECT min(id) FROM beneficiaries_beneficiary")
            first = cursor.fetchone()[0]
    return territory, ids, first


# Each person (i × 7919 mod people: every person in turn) uses services drawn by a hash of the
# use's number, so every antenna offers the whole bouquet with every reference mode: the rollups
# hold every group they can (21 travel situations per antenna, service and month).
USES_SQL = """
    INSERT INTO services_serviceuse (antenna_id, beneficiary_id, service, used_on, km, mode,
        reference_mode, occupants, source_model, source_id)
    SELECT (%(ids)s::bigint[])[1 + p %% %(n)s], %(first)s + p, s.service,
           date '2021-01-01' + ((i * 7 + p) %% 2190)::int,
           CASE WHEN s.service = 'workshop' THEN 0 ELSE (i %% 400) / 10.0 END, s.mode,
           (ARRAY['car_thermal', 'car_thermal', 'bus', 'none'])[1 + abs(hashint8(i + 1)) %% 4],
           CASE WHEN s.service = 'carpooling' THEN 2 + abs(hashint8(i + 2)) %% 3 ELSE 1 END,
           'bench', i
    FROM generate_series(%(start)s::bigint, %(stop)s - 1) AS i,
         LATERAL (SELECT ((i * 7919) %% %(people)s)::int AS p) AS person,
         LATERAL (SELECT (ARRAY['ebike_rental', 'car_sharing', 'carpooling', 'tus',
                                'workshop'])[1 + abs(hashint8(i)) %% 5] AS service) AS k,
         LATERAL (SELECT k.service, CASE k.service WHEN 'ebike_rental' THEN 'ebike'
                  WHEN 'car_sharing' THEN 'car_electric' WHEN 'carpooling' THEN 'carpool'
                  WHEN 'tus' THEN 'car_thermal' ELSE 'walk' END AS mode) AS s
"""


def _generate(ids, first, people, uses):
    """The first million uses go through the rollup triggers, as the application writes; the
    next ones (bulk loading, minutes saved on a shared machine) with triggers off, followed by
    one rebuild of the rollups, as after restoring a dump."""
    from django.db import connection, transaction

    from indicators.rollups.rebuild import RECOMPUTED, rebuild

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM services_serviceuse")
        have = cursor.fetchone()[0]
    started, bulk = time.perf_counter(), False
    for start in range(have, uses, CHUNK):
        with transaction.atomic(), connection.cursor() as cursor:
            if start >= CHUNK:
                cursor.execute("SET LOCAL session_replication_role = replica")
                bulk = True
            params = {"ids": ids, "n": len(ids), "first": first, "people": people}
            cursor.execute(USES_SQL, {**params, "start": start, "stop": min(start + CHUNK, uses)})
        path = "bulk, no triggers" if bulk else "through the triggers"
        print(f"  {min(start + CHUNK, uses):>11,} uses written ({path}) "
              f"at {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    if bulk:
        rebuilt = time.perf_counter()
        rebuild()
        print(f"  rollups rebuilt in {time.perf_counter() - rebuilt:.0f} s", flush=True)
    with connection.cursor() as cursor:
        for table in ("services_serviceuse", *RECOMPUTED):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def _case(factors, column, occupants):
    whens = " ".join(
        f"WHEN '{mode}' THEN {f.value}" + (f" / {occupants}" if f.per_occupant else "")
        for mode, f in factors.items()
    )
    return f"(CASE {column} {whens} END)"


def _bare_queries(factor_set, raw: bool):
    """The same numbers as indicators.rollups.queries, in hand-written SQL over the raw uses
    (`raw`) or over the rollups."""
    from indicators.factors import REFERENCE_CARPOOL_OCCUPANTS
    from indicators.models import Quantity

    co2 = factor_set.for_quantity(Quantity.CO2E)
    modes = ", ".join(f"'{m}'" for m in co2)
    avoided = (
        f"km * ({_case(co2, 'reference_mode', REFERENCE_CARPOOL_OCCUPANTS)}"
        f" - {_case(co2, 'mode', 'greatest(occupants, 1)')})"
    )
    if raw:
        uses, n, day, year = "services_serviceuse", "1", "used_on", "extract(year FROM used_on)"
        month = "date_trunc('month', used_on)::date"
        first = "used_on"
    else:
        uses, n, day, year = "indicators_rollup_uses", "uses", "month", "extract(year FROM month)"
        month, first = "month", "first_used_on"
    where = f"antenna_id = ANY(%(ids)s) AND {day} BETWEEN %(start)s AND %(end)s"
    series = (
        f"SELECT {year}, sum({n}), sum(km), count(DISTINCT service), sum({avoided})"  # noqa: S608
        f" FROM {uses} WHERE antenna_id = ANY(%(ids)s) AND {day} BETWEEN %(first)s AND %(end)s"
        " GROUP BY 1"
    )
    if not raw:  # the yearly rollup
        series = (
            f"SELECT year, sum(uses), sum(km), count(DISTINCT service), sum({avoided})"  # noqa: S608
            " FROM indicators_rollup_years WHERE antenna_id = ANY(%(ids)s)"
            " AND year BETWEEN %(first_year)s AND %(year)s GROUP BY 1"
        )
    if raw:
        people_by_year = (
            "SELECT extract(year FROM used_on), count(DISTINCT beneficiary_id)"
            " FROM services_serviceuse WHERE antenna_id = ANY(%(ids)s)"
            " AND used_on BETWEEN %(first)s AND %(end)s AND beneficiary_id IS NOT NULL GROUP BY 1"
        )
        people_now = (
            "SELECT antenna_id, service, count(DISTINCT beneficiary_id) FROM services_serviceuse"
            " WHERE antenna_id = ANY(%(ids)s) AND used_on BETWEEN %(start)s AND %(end)s"
            " AND beneficiary_id IS NOT NULL"
            " GROUP BY GROUPING SETS ((antenna_id, service), (antenna_id), (service), ())"
        )
    else:  # the headcounts
        people_by_year = (
            "SELECT year, sum(people) FROM indicators_rollup_headcounts"
            " WHERE antenna_id = ANY(%(ids)s) AND year BETWEEN %(first_year)s AND %(year)s"
            " AND service = '' GROUP BY 1"
        )
        people_now = (
            "SELECT antenna_id, nullif(service, ''), sum(people)"
            " FROM indicators_rollup_headcounts WHERE antenna_id = ANY(%(ids)s) AND year = %(year)s"
            " GROUP BY GROUPING SETS ((antenna_id, service), (service))"
        )
    return [
        # yearly series
        series,
        people_by_year,
        # services of each antenna
        f"SELECT antenna_id, service, sum({n}) FILTER (WHERE {day} >= %(start)s),"  # noqa: S608 (constants of this module)
        f" sum(km) FILTER (WHERE {day} >= %(start)s), min({first}) FROM {uses}"
        f" WHERE antenna_id = ANY(%(ids)s) AND {day} <= %(end)s GROUP BY 1, 2",
        # people: by antenna × service, by antenna, by service, in all
        people_now,
        # breakdowns and the km without a factor
        f"SELECT mode, extract(month FROM {month}), service, antenna_id, sum({n}), sum(km),"  # noqa: S608 (constants of this module)
        f" sum({avoided}) FROM {uses} WHERE {where}"
        " GROUP BY GROUPING SETS ((mode), (2), (service, 2), (antenna_id))",
        f"SELECT sum(km) FROM {uses} WHERE {where}"  # noqa: S608 (constants of this module)
        f" AND NOT (mode IN ({modes}) AND reference_mode IN ({modes}))",
    ]


def _from_rollups(ids, factor_set):
    from indicators.rollups import queries

    return {
        "years": queries.uses_by_year(
            antenna_ids=ids, first_year=FIRST_YEAR, last_year=YEAR, factor_set=factor_set
        ),
        "services": queries.services(antenna_ids=ids, year=YEAR),
        "people": queries.people(antenna_ids=ids, year=YEAR),
        **{
            "by_" + "_".join(by): queries.breakdown(
                antenna_ids=ids, year=YEAR, factor_set=factor_set, by=by
            )
            for by in [("mode",), ("month",), ("service", "month"), ("antenna",)]
        },
        "unfactored_km": queries.unfactored_km(antenna_ids=ids, year=YEAR, factor_set=factor_set),
    }


def _median(function, runs):
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def _figures(territory, runs, protected):
    """(median s of the territory's figures, median s of their queries replayed bare, queries).
    Protected: what the officer's page, CSV and API show (people counts from the compiled
    report); not protected: the live figures a report's compile starts from (people counted)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.figures import compute

    def figures():
        return compute(year=YEAR, territory=territory, protected=protected)

    with CaptureQueriesContext(connection) as ctx:
        figures()
    figures_s, _result = _median(figures, runs)

    def replay():
        with connection.cursor() as cursor:
            for query in ctx.captured_queries:
                cursor.execute(query["sql"])
                cursor.fetchall()

    replay_s, _none = _median(replay, runs)
    return figures_s, replay_s, len(ctx)


def _measure(ids, runs, raw):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.factors import factors_for

    factor_set = factors_for(YEAR)
    params = {
        "ids": ids,
        "first": date(FIRST_YEAR, 1, 1),
        "first_year": FIRST_YEAR,
        "year": YEAR,
        "start": date(YEAR, 1, 1),
        "end": date(YEAR, 12, 31),
    }

    def bare(raw):
        def run():
            results = []
            with connection.cursor() as cursor:
                for query in _bare_queries(factor_set, raw):
                    cursor.execute(query, params)
                    results.append(cursor.fetchall())
            return results

        return run

    with CaptureQueriesContext(connection) as queries:
        _from_rollups(ids, factor_set)
    rollups_s, figures = _median(lambda: _from_rollups(ids, factor_set), runs)
    floor_s, over_rollups = _median(bare(raw=False), runs)
    raw_s, over_uses = _median(bare(raw=True), 1) if raw else (None, None)  # once: minutes
    same = _agree(figures, over_rollups) and (over_uses is None or _agree(figures, over_uses))
    return {
        "queries": len(queries),
        "rollups": rollups_s,
        "floor": floor_s,
        "raw": raw_s,
        "same": same,
        "uses": figures["years"][YEAR]["uses"],
        "people": figures["people"]["total"],
    }


def _agree(figures, bare):
    """The headline numbers of the year are the same whichever way they were computed."""
    year = next(row for row in bare[0] if int(row[0]) == YEAR)
    people = {int(row[0]): row[1] for row in bare[1]}
    total = next(row[2] for row in bare[3] if row[0] is None and row[1] in (None, ""))
    unfactored = bare[5][0][0] or 0
    mine = figures["years"][YEAR]
    return (
        (mine["uses"], mine["km"], mine["kinds"], mine["avoided_co2e"])
        == (year[1], year[2], year[3], year[4])
        and mine["users"] == people[YEAR]
        and figures["people"]["total"] == total
        and figures["unfactored_km"] == unfactored
    )


def _inner(args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobilex.settings")
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')")
        parallel = cursor.fetchone()[0]
    print(f"machine: {os.cpu_count()} cores (shared), parallel workers per query: {parallel}")
    started = time.perf_counter()
    territory, ids, first = _world(args.people)
    spent = time.perf_counter() - started
    print(f"{ANTENNAS} antennas, {args.people:,} people ready in {spent:.0f} s")
    results = {}
    for size in args.uses:
        print(f"\n== {size:,} uses", flush=True)
        spent = _generate(ids, first, args.people, size)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM indicators_rollup_uses),"
                " (SELECT count(*) FROM indicators_rollup_people)"
            )
            groups, persons = cursor.fetchone()
        print(f"  generated in {spent:.0f} s; rollups: {groups:,} month groups, "
              f"{persons:,} person-year rows")  # fmt: skip
        r = results[size] = _measure(ids, args.runs, raw=size <= args.raw_up_to)
        print(f"  territory's {YEAR} from the rollups ({r['queries']} queries): "
              f"{r['rollups']:.2f} s  [{r['uses']:,} uses, {r['people']:,} people]")  # fmt: skip
        print(f"  bare SQL over the rollups:  {r['floor']:.2f} s")
        print(f"  ratio rollups / bare SQL over rollups: {r['rollups'] / r['floor']:.2f}")
        if r["raw"] is not None:
            print(f"  bare SQL over the raw uses: {r['raw']:.2f} s")
            print(f"  ratio rollups / bare SQL over raw uses: {r['rollups'] / r['raw']:.2f}")
        print(f"  same numbers {'all three ways' if r['raw'] else 'both ways'}: "
              f"{'yes' if r['same'] else 'NO'}")  # fmt: skip
        for protected, what in ((True, "published"), (False, "live, for the compile")):
            figures_s, replay_s, queries = _figures(territory, args.runs, protected)
            r[what] = figures_s
            print(f"  the territory's figures, {what} (compute, {queries} queries, "
                  f"{ANTENNAS} antennas): {figures_s:.2f} s; their SQL replayed bare: "
                  f"{replay_s:.2f} s; ratio {figures_s / replay_s:.2f}")  # fmt: skip
    sizes = sorted(results)
    for small, large in zip(sizes, sizes[1:], strict=False):
        growth = results[large]["rollups"] / results[small]["rollups"]
        published = results[large]["published"] / results[small]["published"]
        live = results[large]["live, for the compile"] / results[small]["live, for the compile"]
        print(f"\ngrowth {small:,} → {large:,} uses: ×{growth:.2f} from the rollups, "
              f"×{published:.2f} for the published figures, "
              f"×{live:.2f} for the live ones")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--uses",
        type=lambda text: sorted(int(n) for n in text.split(",")),
        default=[1_000_000, 10_000_000],
        help="sizes, comma-separated, measured in turn (the data grows from one to the next)",
    )
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--raw-up-to", type=int, default=1_000_000, help="raw-uses SQL up to")
    parser.add_argument("--keep", action="store_true", help="keep the database for a next run")
    args = parser.parse_args()
    if os.environ.get("BENCH_LARGE_INNER"):
        _inner(args)
    else:
        _outer(args)


if __name__ == "__main__":
    main()
