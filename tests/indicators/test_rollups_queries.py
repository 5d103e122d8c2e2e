"""The aggregates read from the rollups equal the same aggregates over the raw uses (grouped here
by the ORM, independently), in a fixed number of queries whatever the number of uses."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import ExtractMonth

from indicators.factors import avoided_per_use, factored, factors_for
from indicators.models import Quantity
from indicators.rollups import queries
from services.models import ProfessionalEvent, ServiceUse
from tests.indicators.factories import ProfessionalEventFactory, ServiceUseFactory

YEAR = 2025


@pytest.fixture
def scope(dataset, world):
    ids = [a.pk for a in dataset["antennas"]]
    return ids, factors_for(YEAR), ServiceUse.objects.filter(antenna_id__in=ids)


def test_yearly_series(scope):
    ids, factor_set, uses = scope
    got = queries.uses_by_year(
        antenna_ids=ids, first_year=2023, last_year=YEAR, factor_set=factor_set
    )
    assert set(got) == {2023, 2024, 2025}
    for year, row in got.items():
        raw = uses.filter(used_on__year=year).aggregate(
            n=Count("pk"),
            km_sum=Sum("km", default=Decimal(0)),
            kinds=Count("service", distinct=True),
            users=Count("beneficiary_id", distinct=True),
            co2e=Sum(avoided_per_use(factor_set, Quantity.CO2E)),
            nox=Sum(avoided_per_use(factor_set, Quantity.NOX)),
        )
        assert (row["uses"], row["km"], row["kinds"], row["users"]) == (
            raw["n"],
            raw["km_sum"],
            raw["kinds"],
            raw["users"],
        )
        assert row.get("avoided_co2e") == raw["co2e"]
        assert row.get("avoided_nox") == raw["nox"]
    assert got[2025]["uses"] > 50 and got[2023]["uses"] == 0


@pytest.mark.parametrize(
    ("by", "raw_groups"),
    [
        (("mode",), {"mode": F("mode")}),
        (("month",), {"month": ExtractMonth("used_on")}),
        (("service", "month"), {"service": F("service"), "month": ExtractMonth("used_on")}),
        (("antenna",), {"antenna": F("antenna_id")}),
    ],
    ids=["mode", "month", "service-month", "antenna"],
)
def test_breakdowns(scope, by, raw_groups):
    ids, factor_set, uses = scope
    got = queries.breakdown(antenna_ids=ids, year=YEAR, factor_set=factor_set, by=by)
    aliases = {f"g_{name}": expr for name, expr in raw_groups.items()}
    raw = (
        uses.filter(used_on__year=YEAR)
        .annotate(**aliases)
        .values(*aliases)
        .annotate(
            n=Count("pk"),
            km_sum=Sum("km"),
            co2e=Sum(avoided_per_use(factor_set, Quantity.CO2E)),
        )
    )
    expected = {
        tuple(row[alias] for alias in aliases): (row["n"], row["km_sum"], row["co2e"])
        for row in raw
    }
    assert {
        tuple(row[name] for name in by): (row["uses"], row["km"], row["co2e"]) for row in got
    } == expected
    assert len(expected) > 1


def test_km_without_factor(scope):
    ids, factor_set, uses = scope
    raw = (
        uses.filter(used_on__year=YEAR)
        .exclude(factored(factor_set, Quantity.CO2E))
        .aggregate(km=Sum("km"))["km"]
    )
    assert raw > 0  # unknown reference modes have no factor
    assert queries.unfactored_km(antenna_ids=ids, year=YEAR, factor_set=factor_set) == raw


def test_services_of_each_antenna(scope):
    ids, _factor_set, uses = scope
    in_year = Q(used_on__year=YEAR)
    raw = {
        (row["antenna_id"], row["service"]): row
        for row in uses.filter(used_on__lte=date(YEAR, 12, 31))
        .values("antenna_id", "service")
        .annotate(
            n=Count("pk", filter=in_year),
            km_sum=Sum("km", filter=in_year, default=Decimal(0)),
            users=Count("beneficiary_id", distinct=True, filter=in_year),
            since=Min("used_on"),
        )
    }
    got = queries.services(antenna_ids=ids, year=YEAR)
    assert {(r["antenna_id"], r["service"]): r for r in got}.keys() == raw.keys()
    for row in got:
        expected = raw[(row["antenna_id"], row["service"])]
        assert (row["uses"], row["km"], row["users"], row["since"]) == (
            expected["n"],
            expected["km_sum"],
            expected["users"],
            expected["since"],
        )


def test_distinct_people(scope, world):
    ids, _factor_set, uses = scope
    in_year = uses.filter(used_on__year=YEAR)
    got = queries.people(antenna_ids=ids, year=YEAR)
    assert got["total"] == in_year.aggregate(n=Count("beneficiary_id", distinct=True))["n"]
    assert got["by_antenna"] == dict(
        in_year.values("antenna_id")
        .annotate(n=Count("beneficiary_id", distinct=True))
        .filter(n__gt=0)
        .values_list("antenna_id", "n")
    )
    assert got["by_service"] == dict(
        in_year.values("service")
        .annotate(n=Count("beneficiary_id", distinct=True))
        .filter(n__gt=0)
        .values_list("service", "n")
    )
    assert world.far_antenna.pk not in got["by_antenna"]


def _all(ids, factor_set):
    queries.events_by_year(antenna_ids=ids, first_year=2021, last_year=YEAR)
    queries.events_breakdown(antenna_ids=ids, year=YEAR, by="kind")
    queries.uses_by_year(antenna_ids=ids, first_year=2021, last_year=YEAR, factor_set=factor_set)
    queries.services(antenna_ids=ids, year=YEAR)
    queries.people(antenna_ids=ids, year=YEAR)
    for by in [("mode",), ("month",), ("service", "month"), ("antenna",)]:
        queries.breakdown(antenna_ids=ids, year=YEAR, factor_set=factor_set, by=by)
    queries.unfactored_km(antenna_ids=ids, year=YEAR, factor_set=factor_set)


def test_query_count_does_not_grow_with_the_uses(scope, world, django_assert_num_queries):
    ids, factor_set, _uses = scope
    with django_assert_num_queries(12):
        _all(ids, factor_set)
    ServiceUseFactory.create_batch(
        300, antenna=world.antenna, used_on=date(YEAR, 8, 8), service="tus", mode="car_thermal"
    )
    ProfessionalEventFactory.create_batch(20, antenna=world.neighbour, kind="awareness")
    with django_assert_num_queries(12):
        _all(ids, factor_set)


def test_professional_events(scope, dataset):
    ids, _factor_set, _uses = scope
    events = ProfessionalEvent.objects.filter(antenna_id__in=ids)
    participants = Sum(F("professionals") + F("elected") + F("public"))
    by_year = queries.events_by_year(antenna_ids=ids, first_year=2023, last_year=YEAR)
    for year, row in by_year.items():
        raw = events.filter(held_on__year=year).aggregate(n=Count("pk"), people=participants)
        assert (row["events"], row["participants"]) == (raw["n"], raw["people"] or 0)
    assert by_year[2025]["events"] == 2
    for by, column in (("antenna", "antenna_id"), ("kind", "kind")):
        raw = {
            row[column]: {"events": row["n"], "participants": row["people"]}
            for row in events.filter(held_on__year=YEAR)
            .values(column)
            .annotate(n=Count("pk"), people=participants)
        }
        assert queries.events_breakdown(antenna_ids=ids, year=YEAR, by=by) == raw
