"""Everything the figures read, aggregated by PostgreSQL (grouped by year, antenna, service,
mode, month): Python only files the few grouped rows by key.

`collect` runs 23 queries whatever the volume of data:
  yearly series — uses 1, people 1, events 3 (events, structures, EPCIs), rural antennas 1;
  report year's people — followed 1, one per dimension 5, exits 1;
  services — per antenna × service 1, users per service 1, users per antenna 1;
  effects and activity — modes 1, months 1, service × month 1, per antenna 1,
  events per antenna 1, events per kind 1, km per mode × reference mode 1."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Case, CharField, Count, F, Min, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear

from antennas.models import RURAL_DENSITY_LEVELS, Antenna
from beneficiaries.models import Beneficiary, Outcome
from indicators.catalogue import FIRST_YEAR
from indicators.factors import KWH_PER_LITRE, FactorSet, avoided_per_use
from indicators.figures.people import DIMENSIONS, JOB_OUTCOMES, TOTAL
from indicators.models import POLLUTANTS, Quantity
from services.catalogue import ServiceKind
from services.models import ProfessionalEvent, ServiceUse

ACTIVE_STATUSES = (Antenna.Status.EXPERIMENTING, Antenna.Status.OPERATING)


@dataclass
class Collected:
    """The grouped rows of one scope (antennas) and year."""

    series: dict  # year -> {indicator code -> number}
    people: dict  # (key, category, antenna id | TOTAL) -> people count of the report's year
    service_rows: list  # per antenna × service: n, users, km_sum, since
    service_months: dict  # service -> [uses per month]
    modes: list  # per mode: n, km_sum, co2e (kg)
    months: dict  # month -> n, km_sum, co2e
    by_antenna: dict  # antenna id -> n, km_sum, co2e
    events_by_antenna: dict  # antenna id -> events
    event_kinds: dict  # kind -> n, participants
    km_by_modes: list  # per service mode × reference mode: km_sum
    unfactored_km: Decimal  # km left out of the CO2e avoided (a mode without factor)


def d(value) -> Decimal:
    return Decimal(value or 0)


def _active(start, end) -> Q:
    return Q(entry_date__lte=end) & (Q(exit_date__isnull=True) | Q(exit_date__gte=start))


def _dimension_expr(key, year):
    start = date(year, 1, 1)
    if key == "entry":
        return Case(
            When(entry_date__gte=start, then=Value("new")),
            default=Value("continuing"),
            output_field=CharField(),
        )
    if key == "age":
        return Case(
            When(birth_date__gt=date(year - 26, 12, 31), then=Value("under_26")),
            When(birth_date__gt=date(year - 50, 12, 31), then=Value("26_49")),
            When(birth_date__gt=date(year - 65, 12, 31), then=Value("50_64")),
            default=Value("65_plus"),
            output_field=CharField(),
        )
    if key == "residence":
        return Case(
            When(commune__density_level__in=RURAL_DENSITY_LEVELS, then=Value("rural")),
            default=Value("urban"),
            output_field=CharField(),
        )
    return F(key)


def collect(ids: list[int], year: int, factor_set: FactorSet) -> Collected:
    years = list(range(FIRST_YEAR, year + 1))
    first, start, end = date(FIRST_YEAR, 1, 1), date(year, 1, 1), date(year, 12, 31)
    uses = ServiceUse.objects.filter(antenna_id__in=ids)
    people = Beneficiary.objects.filter(antenna_id__in=ids, entry_date__isnull=False)
    events = ProfessionalEvent.objects.filter(antenna_id__in=ids)
    in_year = Q(used_on__range=(start, end))

    raw = {y: {} for y in years}
    _uses_by_year(raw, uses.filter(used_on__range=(first, end)), factor_set)
    _people_by_year(raw, people, years)
    _events_by_year(raw, events, ids, first, end)
    _antennas_by_year(raw, ids, years)

    # People of the report year, by antenna and category: one grouped query per dimension.
    values = {("followed", a): 0 for a in ids}
    counts = people.filter(_active(start, end)).values("antenna_id").annotate(n=Count("pk"))
    values.update({("followed", row["antenna_id"]): row["n"] for row in counts})
    values[("followed", TOTAL)] = raw[year]["followed"]
    for key, _title, choices in DIMENSIONS:
        grouped = (
            people.filter(_active(start, end))
            .annotate(category=_dimension_expr(key, year))
            .values("antenna_id", "category")
            .annotate(n=Count("pk"))
        )
        _fill(values, key, choices, ids, grouped, "category")
    exits = (
        people.filter(exit_date__range=(start, end))
        .values("antenna_id", "exit_outcome")
        .annotate(n=Count("pk"))
    )
    _fill(values, "exit", list(Outcome.choices), ids, exits, "exit_outcome")
    for a in ids:
        values[("exits", a)] = sum(values[("exit", o, a)] for o in Outcome.values)
    values[("exits", TOTAL)] = raw[year]["exits"]
    values[("exits_job", TOTAL)] = raw[year]["exits_job"]
    values[("rural_people",)] = raw[year]["rural_beneficiaries"]

    service_rows = list(
        uses.filter(used_on__lte=end)
        .values("antenna_id", "service")
        .annotate(
            n=Count("pk", filter=in_year),
            users=Count("beneficiary_id", distinct=True, filter=in_year),
            km_sum=Sum("km", filter=in_year),
            since=Min("used_on"),
        )
    )
    service_users = dict(
        uses.filter(in_year)
        .values("service")
        .annotate(n=Count("beneficiary_id", distinct=True))
        .values_list("service", "n")
    )
    antenna_users = dict(
        uses.filter(in_year)
        .values("antenna_id")
        .annotate(n=Count("beneficiary_id", distinct=True))
        .values_list("antenna_id", "n")
    )
    for service in ServiceKind.values:
        for a in ids:
            values[("users", service, a)] = 0
        values[("users", service, TOTAL)] = service_users.get(service, 0)
    for row in service_rows:
        values[("users", row["service"], row["antenna_id"])] = row["users"]
    for a in ids:
        values[("users_any", a)] = antenna_users.get(a, 0)
    values[("users_any", TOTAL)] = raw[year]["users"]

    avoided = avoided_per_use(factor_set, Quantity.CO2E)
    modes = list(
        uses.filter(in_year)
        .values("mode")
        .annotate(n=Count("pk"), km_sum=Sum("km"), co2e=Sum(avoided))
        .order_by("-km_sum")
    )
    months = {
        row["month"]: row
        for row in uses.filter(in_year)
        .annotate(month=ExtractMonth("used_on"))
        .values("month")
        .annotate(n=Count("pk"), km_sum=Sum("km"), co2e=Sum(avoided))
    }
    service_months = {}
    for row in (
        uses.filter(in_year)
        .annotate(month=ExtractMonth("used_on"))
        .values("service", "month")
        .annotate(n=Count("pk"))
    ):
        service_months.setdefault(row["service"], [0] * 12)[row["month"] - 1] = row["n"]
    by_antenna = {
        row["antenna_id"]: row
        for row in uses.filter(in_year)
        .values("antenna_id")
        .annotate(n=Count("pk"), km_sum=Sum("km"), co2e=Sum(avoided))
    }
    events_by_antenna = dict(
        events.filter(held_on__range=(start, end))
        .values("antenna_id")
        .annotate(n=Count("pk"))
        .values_list("antenna_id", "n")
    )
    kinds = {
        row["kind"]: row
        for row in events.filter(held_on__range=(start, end))
        .values("kind")
        .annotate(n=Count("pk"), participants=Sum(F("professionals") + F("elected") + F("public")))
    }
    km_by_modes = list(
        uses.filter(in_year).values("mode", "reference_mode").annotate(km_sum=Sum("km"))
    )
    co2e_modes = factor_set.for_quantity(Quantity.CO2E)
    unfactored_km = sum(
        (
            d(row["km_sum"])
            for row in km_by_modes
            if row["mode"] not in co2e_modes or row["reference_mode"] not in co2e_modes
        ),
        Decimal(0),
    )
    return Collected(
        series=raw,
        people=values,
        service_rows=service_rows,
        service_months=service_months,
        modes=modes,
        months=months,
        by_antenna=by_antenna,
        events_by_antenna=events_by_antenna,
        event_kinds=kinds,
        km_by_modes=km_by_modes,
        unfactored_km=unfactored_km,
    )


def _uses_by_year(raw, uses, factor_set):
    aggregates = {
        "n": Count("pk"),
        "users": Count("beneficiary_id", distinct=True),
        "km_sum": Sum("km"),
        "kinds": Count("service", distinct=True),
    }
    quantities = factor_set.quantities()
    for quantity in quantities:
        aggregates[f"avoided_{quantity}"] = Sum(avoided_per_use(factor_set, quantity))
    rows = {
        row["y"]: row
        for row in uses.annotate(y=ExtractYear("used_on")).values("y").annotate(**aggregates)
    }
    for y, figures in raw.items():
        row = rows.get(y, {})
        figures["uses"] = row.get("n", 0)
        figures["users"] = row.get("users", 0)
        figures["km"] = d(row.get("km_sum"))
        figures["services_deployed"] = row.get("kinds", 0)
        figures["co2e_avoided"] = d(row.get("avoided_co2e")) / 1000
        fuel = d(row.get("avoided_fuel"))
        figures["fuel_avoided"] = fuel
        figures["energy_avoided"] = fuel * KWH_PER_LITRE
        for quantity in quantities:
            if quantity in POLLUTANTS:  # grams per km → kg
                figures[f"avoided_{quantity}"] = d(row.get(f"avoided_{quantity}")) / 1000


def _people_by_year(raw, people, years):
    aggregates = {}
    for y in years:
        start, end = date(y, 1, 1), date(y, 12, 31)
        active = _active(start, end)
        exited = Q(exit_date__range=(start, end))
        aggregates[f"followed_{y}"] = Count("pk", filter=active)
        aggregates[f"new_{y}"] = Count("pk", filter=Q(entry_date__range=(start, end)))
        aggregates[f"exits_{y}"] = Count("pk", filter=exited)
        aggregates[f"exits_job_{y}"] = Count("pk", filter=exited & Q(exit_outcome__in=JOB_OUTCOMES))
        aggregates[f"rural_{y}"] = Count(
            "pk", filter=active & Q(antenna__commune__density_level__in=RURAL_DENSITY_LEVELS)
        )
    totals = people.aggregate(**aggregates)
    for y in years:
        raw[y]["followed"] = totals[f"followed_{y}"]
        raw[y]["new"] = totals[f"new_{y}"]
        raw[y]["continuing"] = totals[f"followed_{y}"] - totals[f"new_{y}"]
        raw[y]["exits"] = totals[f"exits_{y}"]
        raw[y]["exits_job"] = totals[f"exits_job_{y}"]
        raw[y]["rural_beneficiaries"] = totals[f"rural_{y}"]


EPCI_SQL = """
    SELECT extract(year FROM e.held_on)::int, count(DISTINCT s.siren)
    FROM services_professionalevent e, unnest(e.epci_sirens) AS s(siren)
    WHERE e.antenna_id = ANY(%s) AND e.held_on BETWEEN %s AND %s
    GROUP BY 1
"""


def _events_by_year(raw, events, ids, first, end):
    in_range = events.filter(held_on__range=(first, end))
    rows = {
        row["y"]: row
        for row in in_range.annotate(y=ExtractYear("held_on"))
        .values("y")
        .annotate(n=Count("pk"), participants=Sum(F("professionals") + F("elected") + F("public")))
    }
    through = ProfessionalEvent.structures.through.objects.filter(professionalevent__in=in_range)
    structures = dict(
        through.annotate(y=ExtractYear("professionalevent__held_on"))
        .values("y")
        .annotate(n=Count("structure_id", distinct=True))
        .values_list("y", "n")
    )
    with connection.cursor() as cursor:
        cursor.execute(EPCI_SQL, [ids, first, end])
        epcis = dict(cursor.fetchall())
    for y, figures in raw.items():
        figures["events"] = rows.get(y, {}).get("n", 0)
        figures["event_participants"] = rows.get(y, {}).get("participants") or 0
        figures["event_structures"] = structures.get(y, 0)
        figures["event_epcis"] = epcis.get(y, 0)


RURAL_OPEN_SQL = """
    SELECT y, count(a.id)
    FROM generate_series(%s::int, %s::int) AS y
    CROSS JOIN antennas_antenna a
    JOIN antennas_commune c ON c.insee_code = a.commune_id
    WHERE a.id = ANY(%s) AND c.density_level = ANY(%s)
      AND antenna_status_on(a.id, make_date(y, 12, 31)) = ANY(%s)
    GROUP BY y
"""


def _antennas_by_year(raw, ids, years):
    """Rural antennas open on each year's 31 December, by the status they had then."""
    with connection.cursor() as cursor:
        cursor.execute(
            RURAL_OPEN_SQL,
            [years[0], years[-1], ids, list(RURAL_DENSITY_LEVELS), list(ACTIVE_STATUSES)],
        )
        totals = dict(cursor.fetchall())
    for y in years:
        raw[y]["rural_antennas"] = totals.get(y, 0)


def _fill(values, key, choices, ids, grouped, column):
    codes = [code for code, _label in choices]
    for code in codes:
        for a in ids:
            values[(key, code, a)] = 0
    for row in grouped:
        if row[column] in codes:
            values[(key, row[column], row["antenna_id"])] = row["n"]
    for code in codes:
        values[(key, code, TOTAL)] = sum(values[(key, code, a)] for a in ids)
