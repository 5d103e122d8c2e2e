"""Benchmark of the beneficiaries list and search with 100 000 people in one antenna.

    DATABASE_URL=postgres://... python -m bench.beneficiaries [--rows 100000] [--runs 7]

Generates the people once (INSERT ... SELECT generate_series), then times the list page, a name
search and a phone search through Django's test client (median of several runs, in ms), prints
their query counts and the EXPLAIN ANALYZE plan of the search."""

import argparse
import os
import statistics
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobilex.settings")
    import django

    django.setup()


SLUG = "bench-beneficiaires"
LAST = "Muller Schmitt Meyer Weber Klein Wolff Fischer Roth Kieffer Heitz Schneider Dupont Martin"
FIRST = "Marie Lea Chloe Sarah Ines Thomas Lucas Nicolas Julien Kevin Mehdi Karim Jerome Helene"


def _world():
    from antennas.models import Antenna, Commune, Membership, Role, Territory, User

    territory, _ = Territory.objects.get_or_create(
        slug="bench-territoire", defaults={"name": "Territoire de mesure", "kind": "petr"}
    )
    antenna, _ = Antenna.objects.get_or_create(
        slug=SLUG,
        defaults={"name": "Antenne de mesure", "territory": territory, "commune_id": "67339"},
    )
    territory.communes.add(*Commune.objects.filter(insee_code__startswith="67")[:120])
    user, _ = User.objects.get_or_create(email="bench-manager@example.org")
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
                search_text, name_key, phone_digits, version, created_at, updated_at
            )
            SELECT %(antenna)s, g.ln, g.fn, date '1960-01-01' + (g.i %% 15000), 'f', g.phone, '',
                   communes.insee_code, '', 'rsa', false, '', false, 'none', '',
                   ARRAY['job']::varchar[], (ARRAY['referred','active','exited'])[1 + g.i %% 3],
                   '', '', current_date - (g.i %% 700),
                   lower(g.ln) || ' ' || lower(g.fn) || ' ' || communes.search_name
                     || ' ' || g.phone,
                   lower(g.ln) || ' ' || lower(g.fn), g.phone, 1, now(), now()
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


def _time(client, path, params, runs):
    from django.db import connection
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
    return statistics.median(timings), len(ctx)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    _setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from antennas.models import Membership
    from beneficiaries import search
    from beneficiaries.models import Beneficiary

    setup_test_environment()
    antenna, user = _world()
    started = time.perf_counter()
    count = _generate(antenna, args.rows)
    print(
        f"{count} beneficiaries in {antenna.slug} (ready in {time.perf_counter() - started:.1f} s)"
    )

    client = Client()
    client.force_login(user)
    path = reverse("beneficiary_list", kwargs={"antenna_slug": SLUG})
    scenarios = [
        ("list, page 1", {}),
        ("list, page 2000", {"page": 2000}),
        ("list, status filter", {"status": "active"}),
        ("search 'mull mar' (name prefixes)", {"q": "mull mar"}),
        ("search 'schmitt12 lea' (rare)", {"q": "schmitt12 lea"}),
        ("search '06 12' (phone prefix)", {"q": "06 12"}),
        ("search htmx partial 'dupont5'", {"q": "dupont5"}),
    ]
    print(f"\n{'scenario':<38} {'median ms':>10} {'queries':>8}")
    for name, params in scenarios:
        median, queries = _time(client, path, params, args.runs)
        print(f"{name:<38} {median:>10.1f} {queries:>8}")

    membership = Membership.objects.get(user=user, antenna=antenna)
    qs = search.search(Beneficiary.objects.visible_to(membership), "mull mar").filter(
        anonymised_at__isnull=True
    )
    page = qs.order_by("last_name", "first_name", "pk")[:25]
    print("\nEXPLAIN ANALYZE of the search page query ('mull mar'):")
    print(page.explain(analyze=True))
    print("\nEXPLAIN ANALYZE of its count:")
    print(qs.order_by().values("pk").explain(analyze=True))


if __name__ == "__main__":
    main()
