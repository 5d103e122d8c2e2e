"""The aggregates the figures need, read from the rollups (never from the raw uses). Each
function runs the number of queries its docstring says, whatever the volume of uses."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from indicators.factors import FactorSet, avoided_per_use, factored
from indicators.models import Quantity
from indicators.rollups.tables import EventRollup, Headcount, UseRollup, UseYearRollup

# Columns a breakdown may group by; "month" is the month number (1–12) of the year.
BREAKDOWNS = {
    "antenna": F("antenna_id"),
    "service": F("service"),
    "mode": F("mode"),
    "reference_mode": F("reference_mode"),
    "month": ExtractMonth("month"),
}


def _months(antenna_ids, year):
    return UseRollup.objects.filter(
        antenna_id__in=antenna_ids, month__range=(date(year, 1, 1), date(year, 12, 1))
    )


def uses_by_year(
    *, antenna_ids: list[int], first_year: int, last_year: int, factor_set: FactorSet
) -> dict[int, dict]:
    """Per year: uses, km, services with a use (`kinds`), distinct people (`users`) and the
    sum avoided for each quantity of the factor set (`avoided_<quantity>`, NULL-free: a use
    without a factor adds nothing). Two queries."""
    aggregates = {
        "uses_n": Sum("uses"),
        "km_sum": Sum("km"),
        "kinds": Count("service", distinct=True),
    }
    for quantity in factor_set.quantities():
        aggregates[f"avoided_{quantity}"] = Sum(avoided_per_use(factor_set, quantity))
    rows = {
        row.pop("year"): row
        for row in UseYearRollup.objects.filter(
            antenna_id__in=antenna_ids, year__range=(first_year, last_year)
        )
        .values("year")
        .annotate(**aggregates)
    }
    people = dict(
        Headcount.objects.filter(
            antenna_id__in=antenna_ids, year__range=(first_year, last_year), service=Headcount.ANY
        )
        .values("year")
        .annotate(n=Sum("people"))
        .values_list("year", "n")
    )
    result = {}
    for y in range(first_year, last_year + 1):
        row = rows.get(y, {})
        result[y] = {
            "uses": row.get("uses_n") or 0,
            "km": row.get("km_sum") or Decimal(0),
            "kinds": row.get("kinds", 0),
            "users": people.get(y, 0),
            **{key: value for key, value in row.items() if key.startswith("avoided_")},
        }
    return result


def breakdown(
    *, antenna_ids: list[int], year: int, factor_set: FactorSet, by: tuple[str, ...]
) -> list[dict]:
    """The year's uses, km and CO₂e avoided (kg, None where no use had a factor) grouped by the
    given columns of BREAKDOWNS, e.g. ("mode",), ("month",), ("service", "month"),
    ("antenna",). One query."""
    groups = {f"by_{name}": BREAKDOWNS[name] for name in by}
    rows = (
        _months(antenna_ids, year)
        .annotate(**groups)
        .values(*groups)
        .annotate(
            uses_n=Sum("uses"),
            km_sum=Sum("km"),
            co2e=Sum(avoided_per_use(factor_set, Quantity.CO2E)),
        )
        .order_by(*groups)
    )
    return [
        {
            **{name: row[f"by_{name}"] for name in by},
            "uses": row["uses_n"],
            "km": row["km_sum"],
            "co2e": row["co2e"],
        }
        for row in rows
    ]


def unfactored_km(*, antenna_ids: list[int], year: int, factor_set: FactorSet) -> Decimal:
    """km of the year's uses that no CO₂e factor covers (mode or reference). One query."""
    unfactored = _months(antenna_ids, year).exclude(factored(factor_set, Quantity.CO2E))
    return unfactored.aggregate(km_sum=Sum("km"))["km_sum"] or Decimal(0)


def services(*, antenna_ids: list[int], year: int) -> list[dict]:
    """Per antenna and service used up to the end of the year: the year's uses, km and distinct
    people, and the first day of use ever (`since`). Two queries."""
    start, end = date(year, 1, 1), date(year, 12, 1)
    in_year = Q(month__gte=start)
    rows = (
        UseRollup.objects.filter(antenna_id__in=antenna_ids, month__lte=end)
        .values("antenna_id", "service")
        .annotate(
            uses_n=Sum("uses", filter=in_year, default=0),
            km_sum=Sum("km", filter=in_year, default=Decimal(0)),
            since=Min("first_used_on"),
        )
        .order_by("antenna_id", "service")
    )
    users = {
        (antenna_id, service): n
        for antenna_id, service, n in Headcount.objects.filter(
            antenna_id__in=antenna_ids, year=year
        ).values_list("antenna_id", "service", "people")
    }
    return [
        {
            "antenna_id": row["antenna_id"],
            "service": row["service"],
            "uses": row["uses_n"],
            "km": row["km_sum"],
            "since": row["since"],
            "users": users.get((row["antenna_id"], row["service"]), 0),
        }
        for row in rows
    ]


PEOPLE_SQL = """
    SELECT antenna_id, service, sum(people)
    FROM indicators_rollup_headcounts
    WHERE antenna_id = ANY(%s) AND year = %s AND people > 0
    GROUP BY GROUPING SETS ((antenna_id, service), (service))
"""


def people(*, antenna_ids: list[int], year: int) -> dict:
    """Distinct people who used a service in the year: `by_antenna` {antenna id: n},
    `by_service` {service: n} and `total` (a person counted once across services; across
    antennas, the sum of theirs: see Headcount). One query."""
    result = {"by_antenna": {}, "by_service": {}, "total": 0}
    with connection.cursor() as cursor:
        cursor.execute(PEOPLE_SQL, [list(antenna_ids), year])
        for antenna_id, service, n in cursor.fetchall():
            if antenna_id is None:
                result["by_service"][service] = n
            elif service == Headcount.ANY:
                result["by_antenna"][antenna_id] = n
    result["total"] = result["by_service"].pop(Headcount.ANY, 0)
    return result


def events_by_year(*, antenna_ids: list[int], first_year: int, last_year: int) -> dict[int, dict]:
    """Per year: professional events and their participants. One query."""
    rows = {
        row["y"]: row
        for row in EventRollup.objects.filter(
            antenna_id__in=antenna_ids,
            month__range=(date(first_year, 1, 1), date(last_year, 12, 1)),
        )
        .annotate(y=ExtractYear("month"))
        .values("y")
        .annotate(n=Sum("events"), people=Sum("participants"))
    }
    return {
        y: {
            "events": rows.get(y, {}).get("n", 0),
            "participants": rows.get(y, {}).get("people", 0),
        }
        for y in range(first_year, last_year + 1)
    }


def events_breakdown(*, antenna_ids: list[int], year: int, by: str) -> dict:
    """The year's events and participants by "antenna" (antenna id) or by "kind": {key:
    {"events", "participants"}}. One query."""
    column = {"antenna": "antenna_id", "kind": "kind"}[by]
    rows = (
        EventRollup.objects.filter(
            antenna_id__in=antenna_ids, month__range=(date(year, 1, 1), date(year, 12, 1))
        )
        .values(column)
        .annotate(n=Sum("events"), people=Sum("participants"))
        .order_by(column)
    )
    return {row[column]: {"events": row["n"], "participants": row["people"]} for row in rows}
