"""Services benchmark: 500 vehicles and 200 000 bookings in one antenna, generated in SQL
(INSERT … SELECT generate_series). Measures the availability search, the week calendar and
booking creation (latency, query counts, bookings per second).

    DATABASE_URL=postgres://… python -m bench.services
"""

import contextlib
import os
import statistics
import time
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobilex.settings")
django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from antennas.models import Antenna, Commune, Territory  # noqa: E402
from beneficiaries.models import Beneficiary  # noqa: E402
from services import booking  # noqa: E402
from services.availability import free_vehicles  # noqa: E402
from services.calendar import week_grid  # noqa: E402
from services.models import Booking, ServiceSettings, Vehicle  # noqa: E402

SLUG = "bench-services"
VEHICLES = 500
PER_VEHICLE = 400  # 500 × 400 = 200 000 bookings, one a day per vehicle


def setup():
    territory, _ = Territory.objects.get_or_create(
        slug=SLUG, defaults={"name": "Bench", "kind": Territory.Kind.PETR}
    )
    antenna, created = Antenna.objects.get_or_create(
        slug=SLUG,
        defaults={"name": "Bench", "territory": territory, "commune": Commune.objects.first()},
    )
    ServiceSettings.objects.get_or_create(
        antenna=antenna,
        defaults={"require_ebike_training": False, "require_licence_for_car": False},
    )
    person, _ = Beneficiary.objects.get_or_create(
        antenna=antenna,
        last_name="Bench",
        defaults={
            "first_name": "B", "birth_date": date(1990, 1, 1), "gender": "x",
            "commune": antenna.commune, "situation": "other", "licence": "with_vehicle",
        },
    )  # fmt: skip
    if Vehicle.objects.filter(antenna=antenna).count() < VEHICLES:
        generate(antenna, person)
    return antenna, person


def generate(antenna, person):
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO services_vehicle (antenna_id, kind, name, identifier, seats, energy,
                                          status, odometer_km, is_lent)
            SELECT %s, (ARRAY['ebike','car','electric_car','scooter'])[1 + g %% 4],
                   'Véhicule ' || g, 'B-' || g, 1 + g %% 5, 'electric', 'in_service', 0, false
            FROM generate_series(1, %s) g
            """,
            [antenna.pk, VEHICLES],
        )
        # One booking a day per vehicle from 300 days ago to 100 days ahead, 2 to 9 hours long.
        cursor.execute(
            """
            INSERT INTO services_booking (antenna_id, vehicle_id, beneficiary_id, kind, period,
                purpose, status, price, reference_mode, km, created_at, notes,
                checkout_condition, checkin_condition)
            SELECT %s, v.id, %s, 'rental',
                   tstzrange(d + interval '8 hours',
                             d + interval '8 hours' + (2 + (v.id + i) %% 8) * interval '1 hour',
                             '[)'),
                   'job',
                   CASE WHEN d < now() THEN 'returned' WHEN (v.id + i) %% 13 = 0 THEN 'cancelled'
                        ELSE 'reserved' END,
                   0, 'car_thermal', 0, now(), '', '', ''
            FROM services_vehicle v,
                 generate_series(0, %s - 1) i,
                 LATERAL (SELECT date_trunc('day', now()) - interval '300 days'
                                 + i * interval '1 day' AS d) days
            WHERE v.antenna_id = %s
            """,
            [antenna.pk, person.pk, PER_VEHICLE, antenna.pk],
        )
        cursor.execute("ANALYZE services_booking; ANALYZE services_vehicle")
    print(f"generated {VEHICLES} vehicles and {VEHICLES * PER_VEHICLE} bookings "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip


def timed(fn, runs):
    samples, queries = [], set()
    for i in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn(i)
            samples.append((time.perf_counter() - started) * 1000)
        queries.add(len(ctx))
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], queries


def main():
    antenna, person = setup()
    print(f"bookings in the antenna: {Booking.objects.filter(antenna=antenna).count()}")
    base = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)

    def search(i):
        start = base + timedelta(days=i % 60, hours=7 + i % 10)
        return len(free_vehicles(antenna=antenna, start=start, end=start + timedelta(hours=4)))

    median, p95, queries = timed(search, 200)
    print(f"availability search: median {median:.1f} ms, p95 {p95:.1f} ms, queries {queries}")
    with connection.cursor() as cursor:
        qs = free_vehicles(antenna=antenna, start=base, end=base + timedelta(hours=4))
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        print("  plan:", " | ".join(row[0].strip() for row in cursor.fetchall()[:8]))

    vehicles = Vehicle.objects.filter(antenna=antenna)

    def calendar(i):
        week_grid(vehicles=vehicles, antenna=antenna, monday=base.date() - timedelta(days=7 * i))

    median, p95, queries = timed(calendar, 20)
    print(f"week calendar (500 vehicles): median {median:.1f} ms, p95 {p95:.1f} ms, "
          f"queries {queries}")  # fmt: skip

    targets = list(vehicles[:250])
    far = base + timedelta(days=PER_VEHICLE)  # after the generated bookings: every slot is free
    created = []

    def book(i):
        start = far + timedelta(days=i // len(targets), hours=8)
        created.append(
            booking.book(vehicle=targets[i % len(targets)], beneficiary=person,
                         start=start, end=start + timedelta(hours=3))
        )  # fmt: skip

    started = time.perf_counter()
    median, p95, queries = timed(book, 500)
    rate = 500 / (time.perf_counter() - started)
    print(f"booking creation: {rate:.0f} bookings/s, median {median:.1f} ms, p95 {p95:.1f} ms, "
          f"queries {queries}")  # fmt: skip

    def conflict(i):
        with contextlib.suppress(ValidationError):  # the refusal is what is measured
            booking.book(
                vehicle=targets[0], beneficiary=person, start=far, end=far + timedelta(hours=1)
            )

    median, p95, queries = timed(conflict, 100)
    print(f"refused double booking: median {median:.1f} ms, queries {queries}")
    Booking.objects.filter(pk__in=[b.pk for b in created]).delete()
    print("(generated data kept for the next run, in antenna 'bench-services')")


if __name__ == "__main__":
    main()
