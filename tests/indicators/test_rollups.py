"""The rollups equal a recomputation from the uses after every kind of write: the ORM, the
people's merge, anonymisation and erasure, a person's deletion, bulk SQL behind the
application's back, and writers racing on real connections."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F, Min, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from beneficiaries import duplicates, retention
from beneficiaries.models import Beneficiary
from indicators.rollups.rebuild import drift, rebuild
from indicators.rollups.tables import (
    EventRollup,
    Headcount,
    UseRollup,
    UserRollup,
    UseYearRollup,
)
from services.models import ProfessionalEvent, ServiceUse
from tests.concurrency import race
from tests.indicators.factories import (
    BeneficiaryFactory,
    ProfessionalEventFactory,
    ServiceUseFactory,
)

USE_KEY = ("antenna_id", "month", "service", "mode", "reference_mode", "occupants")
PERSON_KEY = ("antenna_id", "year", "service", "beneficiary_id")


def recomputed_uses():
    """What the monthly rollup should hold, grouped by the ORM over the raw uses."""
    rows = (
        ServiceUse.objects.annotate(month=TruncMonth("used_on"))
        .values(*USE_KEY)
        .annotate(n=Count("pk"), km_sum=Sum("km"), first=Min("used_on"))
        .order_by()
    )
    return {tuple(row[k] for k in USE_KEY): (row["n"], row["km_sum"], row["first"]) for row in rows}


def recomputed_people():
    rows = (
        ServiceUse.objects.filter(beneficiary__isnull=False)
        .annotate(year=ExtractYear("used_on"))
        .values("antenna_id", "year", "service", "beneficiary_id")
        .annotate(n=Count("pk"), km_sum=Sum("km"))
        .order_by()
    )
    return {tuple(row[k] for k in PERSON_KEY): (row["n"], row["km_sum"]) for row in rows}


def stored_uses():
    return {
        tuple(row[k] for k in USE_KEY): (row["uses"], row["km"], row["first_used_on"])
        for row in UseRollup.objects.values(*USE_KEY, "uses", "km", "first_used_on")
    }


def stored_people():
    return {
        tuple(row[k] for k in PERSON_KEY): (row["uses"], row["km"])
        for row in UserRollup.objects.values(*PERSON_KEY, "uses", "km")
    }


def recomputed_events():
    rows = (
        ProfessionalEvent.objects.annotate(month=TruncMonth("held_on"))
        .values("antenna_id", "month", "kind")
        .annotate(n=Count("pk"), people=Sum(F("professionals") + F("elected") + F("public")))
        .order_by()
    )
    return {(r["antenna_id"], r["month"], r["kind"]): (r["n"], r["people"]) for r in rows}


def stored_events():
    return {
        (r.antenna_id, r.month, r.kind): (r.events, r.participants)
        for r in EventRollup.objects.all()
    }


def years_of(monthly):
    """The yearly rollup is the monthly one summed by year."""
    years = {}
    for (antenna, month, *situation), (n, km, _first) in monthly.items():
        key = (antenna, month.year, *situation)
        uses, total = years.get(key, (0, Decimal(0)))
        years[key] = (uses + n, total + km)
    return years


def stored_years():
    return {
        (r.antenna_id, r.year, r.service, r.mode, r.reference_mode, r.occupants): (r.uses, r.km)
        for r in UseYearRollup.objects.all()
    }


def assert_true():
    assert stored_uses() == recomputed_uses()
    assert stored_years() == years_of(recomputed_uses())
    assert stored_people() == recomputed_people()
    assert stored_events() == recomputed_events()
    assert stored_headcounts() == recomputed_headcounts()
    assert set(drift().values()) == {0}  # and the persons' rows too


def recomputed_headcounts():
    """Distinct people per antenna, year and service, and per antenna and year ("")."""
    people = ServiceUse.objects.filter(beneficiary__isnull=False).annotate(
        year=ExtractYear("used_on")
    )
    counts = {}
    for group in (("antenna_id", "year", "service"), ("antenna_id", "year")):
        for row in people.values(*group).annotate(n=Count("beneficiary_id", distinct=True)):
            counts[(row["antenna_id"], row["year"], row.get("service", ""))] = row["n"]
    return counts


def stored_headcounts():
    return {(h.antenna_id, h.year, h.service): h.people for h in Headcount.objects.all()}


@pytest.fixture
def people(world):
    return [BeneficiaryFactory(antenna=world.antenna) for _ in range(3)]


@pytest.fixture
def uses(world, people):
    one, two, _three = people
    return [
        ServiceUseFactory(antenna=world.antenna, beneficiary=one, used_on=date(2025, 3, 10)),
        ServiceUseFactory(antenna=world.antenna, beneficiary=one, used_on=date(2025, 3, 4), km=3),
        ServiceUseFactory(
            antenna=world.antenna,
            beneficiary=two,
            service="carpooling",
            mode="carpool",
            occupants=3,
            km=Decimal("12.5"),
            used_on=date(2024, 11, 30),
        ),
        ServiceUseFactory(antenna=world.neighbour, beneficiary=None, used_on=date(2025, 3, 5)),
    ]


def test_a_new_use_is_counted_in_its_month_and_for_its_person(world, people):
    ServiceUseFactory(antenna=world.antenna, beneficiary=people[0], km=7, used_on=date(2025, 3, 9))
    ServiceUseFactory(antenna=world.antenna, beneficiary=people[0], km=2, used_on=date(2025, 3, 2))
    row = UseRollup.objects.get()
    assert (row.month, row.uses, row.km, row.first_used_on) == (
        date(2025, 3, 1),
        2,
        Decimal(9),
        date(2025, 3, 2),
    )
    person = UserRollup.objects.get()
    assert (person.beneficiary_id, person.year, person.uses) == (people[0].pk, 2025, 2)
    assert_true()


@pytest.mark.parametrize(
    "change",
    [
        {"km": Decimal("40.3")},
        {"used_on": date(2025, 3, 1)},  # earlier in the same month: the first day moves
        {"used_on": date(2025, 3, 28)},  # the first use moves later: the next one is first
        {"used_on": date(2023, 1, 15)},  # another month and year
        {"service": "car_sharing", "mode": "car_electric"},
        {"reference_mode": "bus", "occupants": 2},
        {"antenna_id": "neighbour"},
    ],
    ids=lambda change: "-".join(change),
)
def test_a_corrected_use_moves_between_groups(world, uses, change):
    if change.get("antenna_id") == "neighbour":
        # A use follows its person (PostgreSQL refuses a person of another antenna).
        change = {
            "antenna_id": world.neighbour.pk,
            "beneficiary": BeneficiaryFactory(antenna=world.neighbour),
        }
    use = uses[1]  # 4 March: the first of its month
    for field, value in change.items():
        setattr(use, field, value)
    use.save()
    assert_true()


def test_a_use_given_to_another_person_and_to_nobody(uses, people):
    use = uses[0]
    use.beneficiary = people[2]
    use.save()
    assert_true()
    use.beneficiary = None
    use.save()
    assert_true()
    assert not UserRollup.objects.filter(beneficiary_id=people[2].pk).exists()


def test_a_cancelled_use_is_removed_and_an_empty_group_goes(uses):
    uses[2].delete()  # alone in its group
    assert not UseRollup.objects.filter(month=date(2024, 11, 1)).exists()
    uses[1].delete()  # the first of its month: the first day is read again
    assert UseRollup.objects.get(month=date(2025, 3, 1), antenna=uses[0].antenna).first_used_on == (
        date(2025, 3, 10)
    )
    assert_true()
    ServiceUse.objects.all().delete()
    assert not UseRollup.objects.exists() and not UserRollup.objects.exists()


def test_merging_two_people_moves_their_uses_to_the_kept_one(world, uses, people):
    one, two, _three = people
    ServiceUseFactory(antenna=world.antenna, beneficiary=two, used_on=date(2025, 3, 20))
    duplicates.merge(keep=one, absorb=two, actor=world.manager)
    assert not UserRollup.objects.filter(beneficiary_id=two.pk).exists()
    kept = UserRollup.objects.get(beneficiary_id=one.pk, year=2025, service="ebike_rental")
    assert kept.uses == 3
    assert_true()


def test_anonymisation_and_erasure_keep_the_uses_and_their_rollups(world, uses, people):
    before = (stored_uses(), stored_people())
    retention.anonymise(beneficiary=people[0])
    retention.erase_on_request(beneficiary=people[1], actor=world.manager)
    assert (stored_uses(), stored_people()) == before
    assert_true()


def test_a_deleted_person_leaves_uses_without_person(uses, people):
    Beneficiary.objects.filter(pk=people[0].pk).get().delete()  # SET_NULL on the uses
    assert not UserRollup.objects.filter(beneficiary_id=people[0].pk).exists()
    assert UseRollup.objects.filter(month=date(2025, 3, 1)).exists()
    assert_true()


def test_bulk_sql_behind_the_application(world, people, uses):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO services_serviceuse (antenna_id, beneficiary_id, service, used_on, km,
                mode, reference_mode, occupants, source_model, source_id)
            SELECT %s, (ARRAY[%s, %s, NULL]::bigint[])[1 + i %% 3],
                   (ARRAY['ebike_rental', 'tus'])[1 + i %% 2], date '2024-12-20' + i %% 40,
                   i %% 50, 'ebike', (ARRAY['car_thermal', 'bus'])[1 + i %% 2], 1, 'sql', i
            FROM generate_series(1, 2000) AS i
            """,
            [world.antenna.pk, people[0].pk, people[1].pk],
        )
        assert_true()
        cursor.execute(
            "UPDATE services_serviceuse SET km = km + 1, used_on = used_on + 17 "
            "WHERE source_model = 'sql' AND source_id % 3 = 0"
        )
        cursor.execute(
            "UPDATE services_serviceuse SET beneficiary_id = %s WHERE beneficiary_id = %s",
            [people[2].pk, people[0].pk],
        )
        assert_true()
        cursor.execute(
            "DELETE FROM services_serviceuse WHERE source_model = 'sql' AND source_id % 5 < 3"
        )
        assert_true()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE wants no pending check
        cursor.execute("TRUNCATE services_serviceuse")
    assert not UseRollup.objects.exists() and not UserRollup.objects.exists()


def test_what_rolls_back_leaves_the_rollups_as_they_were(world, uses):
    before = stored_uses()
    with pytest.raises(RuntimeError), transaction.atomic():
        ServiceUseFactory(antenna=world.antenna, km=500)
        ServiceUse.objects.filter(pk=uses[0].pk).delete()
        raise RuntimeError
    assert stored_uses() == before
    assert_true()


def test_rebuild_repairs_rollups_written_behind_the_triggers(world, uses, people):
    """The check sees what a write with the triggers disabled left wrong; the rebuild fixes it."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # as a restore would
        ServiceUse.objects.filter(pk=uses[0].pk).update(km=99, beneficiary=people[2])
        ServiceUseFactory(antenna=world.neighbour, used_on=date(2021, 5, 5))
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute(
            "UPDATE indicators_rollup_uses SET uses = uses + 1 WHERE month = '2024-11-01'"
        )
    assert stored_uses() != recomputed_uses()
    assert stored_headcounts() != recomputed_headcounts()
    assert all(
        drift()[table] > 0 for table in ("indicators_rollup_uses", "indicators_rollup_people")
    )
    with pytest.raises(CommandError):
        call_command("rebuild_rollups", "--check")
    call_command("rebuild_rollups")
    assert_true()
    call_command("rebuild_rollups", "--check")


def test_rebuild_on_a_large_set_matches_the_triggers(world, people):
    neighbour = BeneficiaryFactory(antenna=world.neighbour)  # uses follow their person's antenna
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO services_serviceuse (antenna_id, beneficiary_id, service, used_on, km,
                mode, reference_mode, occupants, source_model, source_id)
            SELECT CASE WHEN i %% 2 = 0 THEN %s ELSE %s END,
                   CASE WHEN i %% 2 = 0 THEN (ARRAY[%s, %s, %s])[1 + i %% 3] ELSE %s END,
                   (ARRAY['ebike_rental', 'tus', 'carpooling'])[1 + i %% 3],
                   date '2021-01-01' + (i * 7) %% 2000, (i %% 400) / 10.0,
                   (ARRAY['ebike', 'car_thermal', 'carpool'])[1 + i %% 3], 'car_thermal',
                   1 + i %% 3, 'sql', i
            FROM generate_series(1, 20000) AS i
            """,
            [world.antenna.pk, world.neighbour.pk, *(p.pk for p in people), neighbour.pk],
        )
    ProfessionalEventFactory.create_batch(5, antenna=world.antenna, held_on=date(2025, 2, 3))
    by_trigger = (stored_uses(), stored_people(), stored_events())
    rows = rebuild()
    assert rows["indicators_rollup_uses"] == len(by_trigger[0])
    assert rows["indicators_rollup_people"] == len(by_trigger[1])
    assert rows["indicators_rollup_events"] == 1
    assert (stored_uses(), stored_people(), stored_events()) == by_trigger
    assert_true()


def test_professional_events_by_month_and_kind(world):
    one = ProfessionalEventFactory(antenna=world.antenna, professionals=4, elected=1, public=2)
    two = ProfessionalEventFactory(antenna=world.antenna, held_on=date(2025, 5, 30))
    assert EventRollup.objects.get().participants == 7 + 10
    assert_true()
    two.kind = "awareness"
    two.public = 40
    two.save()
    one.held_on = date(2024, 12, 1)
    one.save()
    assert_true()
    ProfessionalEvent.objects.filter(pk=one.pk).delete()
    ProfessionalEvent.objects.filter(pk=two.pk).update(antenna=world.neighbour)
    assert EventRollup.objects.get().antenna_id == world.neighbour.pk
    assert_true()
    ProfessionalEvent.objects.all().delete()
    assert not EventRollup.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_real_connections(world, people):
    """Eight writers at once on the same few groups: bookings, corrections, cancellations and
    merges of people; none is lost, no group is left empty, no deadlock."""
    base = [
        ServiceUseFactory(antenna=world.antenna, beneficiary=people[i % 3], km=i, used_on=day)
        for i, day in enumerate([date(2025, 3, 2), date(2025, 3, 9), date(2025, 4, 1)] * 10)
    ]

    def writer(n):
        for round_ in range(15):
            with transaction.atomic():
                ServiceUseFactory(
                    antenna=world.antenna,
                    beneficiary=people[(n + round_) % 3],
                    km=round_,
                    used_on=date(2025, 3, 1 + (n + round_) % 28),
                )
            mine = base[(n * 15 + round_) % len(base)]
            if n % 2:
                ServiceUse.objects.filter(pk=mine.pk).update(
                    km=round_, used_on=date(2025, 4, 1 + round_)
                )
            else:
                ServiceUse.objects.filter(pk=mine.pk).delete()

    _, errors = race(writer, 8)
    assert errors == []
    assert ServiceUse.objects.count() > 8 * 15
    assert_true()


@pytest.mark.django_db(transaction=True)
def test_a_new_person_is_counted_once_when_first_uses_race(world):
    """Six connections write the first uses of the same person at the same time, then remove
    them at the same time: counted once, then not at all."""
    person = BeneficiaryFactory(antenna=world.antenna)
    made = []

    def at_once(write):
        def attempt(n):
            with transaction.atomic():
                write(n)

        _, errors = race(attempt, 6)
        assert errors == []

    def first_use(n):
        service = "tus" if n % 2 else "ebike_rental"
        made.append(
            ServiceUseFactory(
                antenna=world.antenna,
                beneficiary=person,
                service=service,
                used_on=date(2026, 1, 1 + n),
            ).pk
        )

    at_once(first_use)
    counts = stored_headcounts()
    assert counts == {
        (world.antenna.pk, 2026, ""): 1,
        (world.antenna.pk, 2026, "tus"): 1,
        (world.antenna.pk, 2026, "ebike_rental"): 1,
    }
    assert_true()
    at_once(lambda n: ServiceUse.objects.filter(pk=made[n]).delete())
    assert stored_headcounts() == {}
    assert_true()
