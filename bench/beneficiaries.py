"""Benchmark of the main pages: people list (first and deep page), searches, antenna home, a
person's page with a journey of 2 000 events, the bookings list, the calendar, the today page,
a person's audit log and the officer's territory page, with 100 000 or 1 000 000 people in one
antenna (and bookings and audit rows in proportion: one booking per 20 people, one audit row per
10).

    DATABASE_URL=postgres://... python -m bench.beneficiaries [--rows 100000] [--runs 7]

Generates the people once (INSERT ... SELECT generate_series, a million in about a minute),
then times each page through Django's test client (median of several runs, in ms) against its
own SQL floor: the very queries the page ran (reads, and writes such as its audit rows),
replayed bare on a cursor in a transaction rolled back. Prints the ratio page /
SQL, and page at this size / page at the other size when that run's results are in var/."""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench-beneficiaries-{rows}.json"


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobilex.settings")
    import django

    django.setup()


SLUG = "bench-beneficiaires"
LAST = "Muller Schmitt Meyer Weber Klein Wolff Fischer Roth Kieffer Heitz Schneider Dupont Martin"
FIRST = "Marie Lea Chloe Sarah Ines Thomas Lucas Nicolas Julien Kevin Mehdi Karim Jerome Helene"


def _world(slug=None):
    from antennas.models import Antenna, Commune, Membership, Role, Territory, User

    slug = slug or SLUG
    # A territory per size: the officer's page at 1 M people does not count the 100 000 too.
    territory, _ = Territory.objects.get_or_create(
        slug=f"{slug}-territoire", defaults={"name": "Territoire de mesure", "kind": "petr"}
    )
    antenna, _ = Antenna.objects.get_or_create(
        slug=slug,
        defaults={"name": "Antenne de mesure", "territory": territory, "commune_id": "67339"},
    )
    territory.communes.add(*Commune.objects.filter(insee_code__startswith="67")[:120])
    user, _ = User.objects.get_or_create(email=f"manager@{antenna.slug}.example.org")
    Membership.objects.get_or_create(user=user, antenna=antenna, defaults={"role": Role.MANAGER})
    return antenna, user


def _generate(antenna, rows):
    from django.db import connection

    from beneficiaries.models import Beneficiary

    have = Beneficiary.objects.filter(antenna=antenna).count()
    if have >= rows:
        return have
    last, first = LAST.split(), FIRST.split()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH communes AS (
                SELECT insee_code, search_name, row_number() OVER (ORDER BY insee_code) - 1 AS n
                FROM antennas_commune WHERE insee_code LIKE '67%%'
            ), c AS (SELECT count(*) AS total FROM communes),
            g AS (
                SELECT i,
                  (%(last)s::text[])[1 + i %% array_length(%(last)s::text[], 1)]
                    || (i %% 997) AS ln,
                  (%(first)s::text[])[1 + (i / 7) %% array_length(%(first)s::text[], 1)] AS fn,
                  '06' || lpad((i::bigint * 7919 %% 100000000)::text, 8, '0') AS phone
                FROM generate_series(%(start)s, %(stop)s) AS i
            )
            INSERT INTO beneficiaries_beneficiary (
                antenna_id, last_name, first_name, birth_date, gender, phone, email, commune_id,
                address, situation, disability_recognition, disability_reason, has_c2s, licence,
                transport_autonomy, goals, status, exit_outcome, consent_note, last_contact_on,
                search_text, name_key, phone_digits, version, created_at, updated_at,
                contact_channel
            )
            SELECT %(antenna)s, g.ln, g.fn, date '1960-01-01' + (g.i %% 15000), 'f', g.phone, '',
                   communes.insee_code, '', 'rsa', false, '', false, 'none', '',
                   ARRAY['job']::varchar[], (ARRAY['referred','active','exited'])[1 + g.i %% 3],
                   '', '', current_date - (g.i %% 700),
                   lower(g.ln) || ' ' || lower(g.fn) || ' ' || communes.search_name
                     || ' ' || g.phone,
                   lower(g.ln) || ' ' || lower(g.fn), g.phone, 1, now(), now(), ''
            FROM g, c JOIN communes ON true
            WHERE communes.n = g.i %% c.total
            """,
            {
                "antenna": antenna.pk,
                "last": last,
                "first": first,
                "start": have,
                "stop": rows - 1,
            },
        )
        cursor.execute("ANALYZE beneficiaries_beneficiary")
    return Beneficiary.objects.filter(antenna=antenna).count()


def _journey(antenna, events=2000):
    """One person of the antenna with `events` notes on their journey."""
    from django.db import connection

    from beneficiaries.models import Beneficiary

    person = Beneficiary.objects.filter(antenna=antenna).order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO beneficiaries_note (text, confidential, created_at, antenna_id,
                                            beneficiary_id)
            SELECT 'Entretien n° ' || i, false, now() - i * interval '1 hour', %(a)s, %(p)s
            FROM generate_series(1, %(n)s - (SELECT count(*) FROM beneficiaries_note
                                              WHERE beneficiary_id = %(p)s)) AS i
            """,
            {"a": antenna.pk, "p": person.pk, "n": events},
        )
    return person


def _activity(antenna, user, rows, person):
    """Vehicles and bookings (one per 20 people, this week's and years back), audit rows (one
    per 10 people, 2 000 on `person`): what the bookings, calendar, today and audit pages read."""
    from datetime import datetime, time, timedelta

    from django.db import connection
    from django.utils import timezone

    from beneficiaries.models import AuditEvent, Beneficiary
    from services.availability import period_of
    from services.models import Booking, Vehicle

    if Booking.objects.filter(antenna=antenna).exists():
        return
    vehicles = Vehicle.objects.bulk_create(
        Vehicle(antenna=antenna, kind="car", name=f"Clio {i}", identifier=f"AB-{i:03}-CD",
                energy="petrol")
        for i in range(50)
    )  # fmt: skip
    people = list(
        Beneficiary.objects.filter(antenna=antenna)
        .order_by("pk")
        .values_list("pk", flat=True)[: rows // 20]
    )
    nine = timezone.make_aware(datetime.combine(timezone.localdate(), time(9)))
    Booking.objects.bulk_create(
        (
            Booking(antenna=antenna, vehicle=vehicles[i % 50], beneficiary_id=who,
                    period=period_of(nine + timedelta(days=3 - i // 50),
                                     nine + timedelta(days=3 - i // 50, hours=3)))
            for i, who in enumerate(people)
        ),
        batch_size=2000,
    )  # fmt: skip
    targets = [person.pk] * 2000 + people * 2
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(antenna_id=antenna.pk, beneficiary_id=who, actor=user, action="view",
                       model="beneficiary", object_id=who)
            for who in targets
        ),
        batch_size=5000,
    )  # fmt: skip
    with connection.cursor() as cursor:  # the planner's statistics, as autovacuum would keep
        cursor.execute("ANALYZE services_booking")
        cursor.execute("ANALYZE beneficiaries_auditevent")


def _officer(antenna):
    from antennas.models import Membership, Role, User

    user, _ = User.objects.get_or_create(email=f"officer@{antenna.slug}.example.org")
    Membership.objects.get_or_create(
        user=user, territory=antenna.territory, antenna=None, defaults={"role": Role.OFFICER}
    )
    return user


def _deep_cursor(antenna, fraction=0.9):
    """The cursor of a page 90 % down the list (found once here by OFFSET; the page itself
    reads from that row on)."""
    from beneficiaries.models import Beneficiary
    from mobilex import pagination

    people = Beneficiary.objects.filter(antenna=antenna, anonymised_at__isnull=True)
    row = people.order_by("name_key", "pk")[int(people.count() * fraction)]
    return pagination._write(0, row, ["name_key", "pk"])


def _time(client, path, params, runs):
    """(median ms of the page, median ms of its SQL replayed bare, queries)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    client.get(path, params)  # warm up (session, caches)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        client.get(path, params)
    floors = []
    for _ in range(runs):
        start = time.perf_counter()
        # Its reads and its writes (the audit rows of what it showed, the session), in a
        # transaction rolled back so that the replays leave the data as it was.
        with transaction.atomic(), connection.cursor() as cursor:
            for query in ctx.captured_queries:
                if not query["sql"].startswith(("SELECT", "WITH", "INSERT", "UPDATE")):
                    continue  # a server-side cursor's DECLARE/CLOSE, a savepoint
                cursor.execute(query["sql"])
                if cursor.description:
                    cursor.fetchall()
            transaction.set_rollback(True)
        floors.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), statistics.median(floors), len(ctx)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--slug", default=None, help="antenna (default: one per size)")
    args = parser.parse_args()
    _setup()
    from django.test import Client, override_settings
    from django.urls import reverse

    from antennas.models import Membership
    from beneficiaries import search
    from beneficiaries.models import Beneficiary

    antenna, user = _world(args.slug or f"{SLUG}-{args.rows}")
    started = time.perf_counter()
    count = _generate(antenna, args.rows)
    person = _journey(antenna)
    _activity(antenna, user, args.rows, person)
    print(
        f"{count} beneficiaries in {antenna.slug} (ready in {time.perf_counter() - started:.1f} s)"
    )

    client = Client()
    client.force_login(user)
    officer = Client()
    officer.force_login(_officer(antenna))
    slug = {"antenna_slug": antenna.slug}
    path = reverse("beneficiary_list", kwargs=slug)
    journey = reverse("beneficiary_detail", kwargs={**slug, "pk": person.pk})
    scenarios = [
        ("list, page 1", path, {}),
        ("list, a page 90 % down", path, {"cursor": _deep_cursor(antenna)}),
        ("list, status filter", path, {"status": "active"}),
        ("search 'mull mar' (common)", path, {"q": "mull mar"}),
        ("search 'schmitt12 lea' (rare)", path, {"q": "schmitt12 lea"}),
        ("search '06 12' (phone prefix)", path, {"q": "06 12"}),
        ("antenna home", reverse("antenna_home", kwargs=slug), {}),
        ("person page, 2 000 events", journey, {}),
        ("bookings list", reverse("services_bookings", kwargs=slug), {}),
        ("calendar", reverse("services_week", kwargs=slug), {}),
        ("today page", reverse("services_today", kwargs=slug), {}),
        (
            "audit log of a person",
            reverse("beneficiary_audit", kwargs={**slug, "pk": person.pk}),
            {},
        ),
        (
            "officer's territory page",
            reverse("territory_home", kwargs={"territory_slug": antenna.territory.slug}),
            {},
            officer,
        ),
    ]
    other = RESULTS.with_name(
        f"bench-beneficiaries-{1_000_000 if args.rows < 1_000_000 else 100_000}.json"
    )
    before = json.loads(other.read_text()) if other.exists() else {}
    results = {}
    print(f"\n{'scenario':<34} {'page ms':>8} {'SQL ms':>7} {'page/SQL':>8} {'queries':>7}"
          f" {'vs other size':>13}")  # fmt: skip
    # Django's own floor first: no page can be nearer its SQL than a page that does nothing.
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        floor_row = ("Django alone (signed-in, no page)", "/bench/signed-in/", {})
        rows = [(*floor_row, *_time(client, floor_row[1], {}, args.runs))]
    rows += [
        (name, url, params, *_time(who[0] if who else client, url, params, args.runs))
        for name, url, params, *who in scenarios
    ]
    for name, _url, _params, page, floor, queries in rows:
        results[name] = page
        versus = f"{page / before[name]:.2f}x" if name in before else "-"
        print(f"{name:<34} {page:>8.1f} {floor:>7.1f} {page / floor:>7.2f}x {queries:>7}"
              f" {versus:>13}")  # fmt: skip
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.with_name(f"bench-beneficiaries-{args.rows}.json").write_text(json.dumps(results))

    membership = Membership.objects.get(user=user, antenna=antenna)
    people = Beneficiary.objects.visible_to(membership).filter(anonymised_at__isnull=True)
    best = search.ranked(people, "mull mar")[0]
    print("\nEXPLAIN ANALYZE of the search's first page ('mull mar', first tier):")
    print(best.order_by("name_key", "pk")[:26].explain(analyze=True))


if __name__ == "__main__":
    main()
