"""Everything the figures read, aggregated by PostgreSQL (grouped by year, antenna, service,
mode, month): Python only files the few grouped rows by key. The uses are read from their
rollups (indicators.rollups: a few thousand rows kept by triggers), never from the raw uses, so
the figures cost the same at 10 000 or 10 000 000 uses; people and events from their tables.

`collect` runs 18 queries whatever the volume of data (15 without the people counts):
  yearly series — uses 2 (sums, people), people 1, events 3 (events, structures, EPCIs),
    rural antennas 1;
  report year's people — followed, each dimension and exits 1 (one scan, GROUPING SETS);
  services — per antenna × service 2 (sums, people), users per service and antenna 1;
  effects and activity — modes 1, months 1, service × month 1, per antenna 1,
  events per antenna 1, events per kind 1, km per mode × reference mode 1."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from antennas.models import RURAL_DENSITY_LEVELS, Antenna
from beneficiaries.models import Beneficiary, Outcome
from indicators.catalogue import FIRST_YEAR
from indicators.factors import KWH_PER_LITRE, FactorSet
from indicators.figures.people import DIMENSIONS, JOB_OUTCOMES, TOTAL
from indicators.models import POLLUTANTS, Quantity
from indicators.rollups import queries as rollups
from services.catalogue import ServiceKind
from services.models import ProfessionalEvent

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


def collect(ids: list[int], year: int, factor_set: FactorSet, *, people: bool = True) -> Collected:
    """With `people=False` the people counts are zeros, only their keys are filled: figures
    that publish a compiled report's counts never read live ones, and skip the three scans of
    the people (the officer's page at 1 M people spent four fifths of its time in them)."""
    years = list(range(FIRST_YEAR, year + 1))
    first, start, end = date(FIRST_YEAR, 1, 1), date(year, 1, 1), date(year, 12, 31)
    persons = Beneficiary.objects.filter(antenna_id__in=ids, entry_date__isnull=False)
    events = ProfessionalEvent.objects.filter(antenna_id__in=ids)

    raw = {y: {} for y in years}
    _uses_by_year(raw, ids, year, factor_set)
    if people:
        _people_by_year(raw, persons, years)
    else:
        for figures in raw.values():
            figures.update(dict.fromkeys(PEOPLE_BY_YEAR, 0))
    _events_by_year(raw, events, ids, first, end)
    _antennas_by_year(raw, ids, years)

    # People of the report year, by antenna and category, and the year's exits: one scan.
    values = {("followed", a): 0 for a in ids}
    grouped = (
        _people_of_year(persons, year, start, end)
        if people
        else dict.fromkeys(["followed", "exit", *(key for key, _t, _c in DIMENSIONS)], [])
    )
    values.update({("followed", row["antenna_id"]): row["n"] for row in grouped["followed"]})
    values[("followed", TOTAL)] = raw[year]["followed"]
    for key, _title, choices in DIMENSIONS:
        _fill(values, key, choices, ids, grouped[key], "category")
    _fill(values, "exit", list(Outcome.choices), ids, grouped["exit"], "category")
    for a in ids:
        values[("exits", a)] = sum(values[("exit", o, a)] for o in Outcome.values)
    values[("exits", TOTAL)] = raw[year]["exits"]
    values[("exits_job", TOTAL)] = raw[year]["exits_job"]
    values[("rural_people",)] = raw[year]["rural_beneficiaries"]

    service_rows = [
        {**row, "n": row["uses"], "km_sum": row["km"]}
        for row in rollups.services(antenna_ids=ids, year=year)
    ]
    users = rollups.people(antenna_ids=ids, year=year) if people else {}
    service_users, antenna_users = users.get("by_service", {}), users.get("by_antenna", {})
    for service in ServiceKind.values:
        for a in ids:
            values[("users", service, a)] = 0
        values[("users", service, TOTAL)] = service_users.get(service, 0)
    for row in service_rows:
        values[("users", row["service"], row["antenna_id"])] = row["users"]
    for a in ids:
        values[("users_any", a)] = antenna_users.get(a, 0)
    values[("users_any", TOTAL)] = raw[year]["users"]

    def uses_by(*by):  # the year's uses, km and CO₂e avoided (kg), in the names used here
        return [
            {**row, "n": row["uses"], "km_sum": row["km"]}
            for row in rollups.breakdown(antenna_ids=ids, year=year, factor_set=factor_set, by=by)
        ]

    modes = sorted(uses_by("mode"), key=lambda row: row["km_sum"], reverse=True)
    months = {row["month"]: row for row in uses_by("month")}
    service_months = {}
    for row in uses_by("service", "month"):
        service_months.setdefault(row["service"], [0] * 12)[row["month"] - 1] = row["n"]
    by_antenna = {row["antenna"]: row for row in uses_by("antenna")}
    events_by_antenna = {
        a: row["events"]
        for a, row in rollups.events_breakdown(antenna_ids=ids, year=year, by="antenna").items()
    }
    kinds = {
        kind: {"n": row["events"], "participants": row["participants"]}
        for kind, row in rollups.events_breakdown(antenna_ids=ids, year=year, by="kind").items()
    }
    km_by_modes = uses_by("mode", "reference_mode")
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


PEOPLE_OF_YEAR_SQL = """
    SELECT antenna_id, {columns}, {groupings},
           count(*) FILTER (WHERE is_active), count(*) FILTER (WHERE is_exit)
    FROM ({people}) AS p
    GROUP BY GROUPING SETS ((antenna_id), {sets})
"""


def _people_of_year(people, year: int, start: date, end: date) -> dict[str, list[dict]]:
    """The year's people followed per antenna ("followed"), per antenna × category of each
    dimension (its key), and the year's exits per antenna × outcome ("exit"): rows of
    {antenna_id, category, n}, from one scan of the people (GROUPING SETS) rather than one per
    dimension — what the figures' time at 1 M people is made of."""
    active, exited = _active(start, end), Q(exit_date__range=(start, end))
    columns = {f"d_{key}": _dimension_expr(key, year) for key, _title, _choices in DIMENSIONS}
    columns["d_exit"] = F("exit_outcome")
    rows = (
        people.filter(active | exited)
        .annotate(
            **columns,
            is_active=ExpressionWrapper(active, output_field=BooleanField()),
            is_exit=ExpressionWrapper(exited, output_field=BooleanField()),
        )
        .values("antenna_id", *columns, "is_active", "is_exit")
    )
    inner, params = rows.query.sql_with_params()
    sql = PEOPLE_OF_YEAR_SQL.format(
        columns=", ".join(columns),
        groupings=", ".join(f"grouping({c})" for c in columns),
        people=inner,
        sets=", ".join(f"(antenna_id, {c})" for c in columns),
    )
    result = {"followed": [], **{c.removeprefix("d_"): [] for c in columns}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for antenna_id, *rest in cursor.fetchall():
            categories, flags = rest[: len(columns)], rest[len(columns) : 2 * len(columns)]
            followed, exits = rest[-2:]
            grouped = [c for c, flag in zip(columns, flags, strict=True) if flag == 0]
            if not grouped:
                result["followed"].append({"antenna_id": antenna_id, "n": followed})
                continue
            [column] = grouped
            category = categories[list(columns).index(column)]
            n = exits if column == "d_exit" else followed
            result[column.removeprefix("d_")].append(
                {"antenna_id": antenna_id, "category": category, "n": n}
            )
    return result


def _uses_by_year(raw, ids, year, factor_set):
    rows = rollups.uses_by_year(
        antenna_ids=ids, first_year=FIRST_YEAR, last_year=year, factor_set=factor_set
    )
    quantities = factor_set.quantities()
    for y, figures in raw.items():
        row = rows[y]
        figures["uses"] = row["uses"]
        figures["users"] = row["users"]
        figures["km"] = d(row["km"])
        figures["services_deployed"] = row["kinds"]
        figures["co2e_avoided"] = d(row.get("avoided_co2e")) / 1000
        fuel = d(row.get("avoided_fuel"))
        figures["fuel_avoided"] = fuel
        figures["energy_avoided"] = fuel * KWH_PER_LITRE
        for quantity in quantities:
            if quantity in POLLUTANTS:  # grams per km → kg
                figures[f"avoided_{quantity}"] = d(row.get(f"avoided_{quantity}")) / 1000


PEOPLE_BY_YEAR = ("followed", "new", "continuing", "exits", "exits_job", "rural_beneficiaries")


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
    """Events and participants from their rollup; distinct structures and EPCIs (not additive)
    from the events themselves: thousands of rows at most."""
    rows = rollups.events_by_year(antenna_ids=ids, first_year=first.year, last_year=end.year)
    in_range = events.filter(held_on__range=(first, end))
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
        figures["events"] = rows[y]["events"]
        figures["event_participants"] = rows[y]["participants"] or 0
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
