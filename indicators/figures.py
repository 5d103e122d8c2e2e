"""The figures of action 1.3.3 for a territory (or one antenna) and a year.

Everything is aggregated by PostgreSQL (grouped by year, antenna, service, mode, month); Python
only arranges the few grouped rows and applies statistical secrecy (indicators.secrecy). A fixed
number of queries runs whatever the volume of data."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Case, CharField, Count, F, Min, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from antennas.models import RURAL_DENSITY_LEVELS, Antenna
from beneficiaries.models import Beneficiary, Gender, Outcome, Situation
from indicators.catalogue import FIRST_YEAR
from indicators.factors import KWH_PER_LITRE, avoided_per_use, factored, factors_for
from indicators.models import POLLUTANTS, Quantity
from indicators.secrecy import Cell, plain, protect
from services.catalogue import Mode, ServiceKind
from services.models import ProfessionalEvent, ServiceUse

TOTAL = "total"
JOB_OUTCOMES = (Outcome.DURABLE_JOB, Outcome.TRANSITION_JOB, Outcome.TRAINING)
ACTIVE_STATUSES = (Antenna.Status.EXPERIMENTING, Antenna.Status.OPERATING)
AGE_BANDS = [
    ("under_26", _("moins de 26 ans")),
    ("26_49", _("26 à 49 ans")),
    ("50_64", _("50 à 64 ans")),
    ("65_plus", _("65 ans ou plus")),
]
RESIDENCE = [("rural", _("commune rurale")), ("urban", _("commune urbaine"))]
ENTRY = [("new", _("nouvelles")), ("continuing", _("déjà suivies"))]
DIMENSIONS = [
    # key, title, choices
    ("entry", _("Nouvelles personnes et personnes déjà suivies"), ENTRY),
    ("gender", _("Personnes accompagnées par genre"), list(Gender.choices)),
    ("age", _("Personnes accompagnées par âge au 31 décembre"), AGE_BANDS),
    ("situation", _("Personnes accompagnées par situation"), list(Situation.choices)),
    ("residence", _("Personnes accompagnées selon la commune de résidence"), RESIDENCE),
]
PEOPLE_HEADLINES = {
    "followed": ("followed", TOTAL),
    "new": ("entry", "new", TOTAL),
    "continuing": ("entry", "continuing", TOTAL),
    "users": ("users_any", TOTAL),
    "exits": ("exits", TOTAL),
    "exits_job": ("exits_job", TOTAL),
    "rural_beneficiaries": ("rural_people",),
}


def _d(value) -> Decimal:
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


@dataclass
class Table:
    """Rows of antennas (and a total row) × columns of categories (and a total column)."""

    key: str
    title: str
    columns: list  # (code, label)
    rows: list  # {"label", "cells": [Cell...], "total": Cell}
    total_label: str = ""


@dataclass
class Figures:
    year: int
    scope: object  # Territory or Antenna
    antennas: list
    series: dict  # year -> {indicator code -> Cell}
    services: list
    modes: list
    months: list
    per_antenna: list
    tables: list
    exits: Table
    users: Table
    events_by_kind: list
    pollutants: list
    unfactored_km: Decimal
    factor_set: object
    protected: bool
    people: dict = field(default_factory=dict)

    @property
    def current(self):
        return self.series[self.year]

    @property
    def previous(self):
        return self.series.get(self.year - 1, {})

    def recorded(self, year) -> bool:
        """Whether anything happened that year (the rural antennas alone are no activity)."""
        figures = self.series[year]
        return any(figures[code].value for code in ("uses", "followed", "events", "exits", "km"))

    @property
    def has_data(self):
        return self.recorded(self.year)

    @property
    def trend_years(self):
        """From the first year with activity (years before the antennas recorded anything would
        only draw zeros), with at least the year before for comparison."""
        years = sorted(self.series)
        first = next((y for y in years if self.recorded(y)), self.year)
        return [y for y in years if y >= min(first, self.year - 1)]


def compute(*, year: int, territory=None, antenna=None, protected: bool = True) -> Figures:
    antennas = list(
        (
            Antenna.objects.filter(territory=territory)
            if antenna is None
            else Antenna.objects.filter(pk=antenna.pk)
        )
        .select_related("commune")
        .order_by("name")
    )
    ids = [a.pk for a in antennas]
    factor_set = factors_for(year)
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

    # Earlier years' headline counts are published beside this year's (trend, CSV, API):
    # protected together, as the years are linked (see _year_lines).
    for y in years[:-1]:
        values.update({("series", code, y): raw[y][code] for code in PEOPLE_HEADLINES})
    lines = [*_lines(antennas), *_year_lines(years)]
    cells = protect(values, lines) if protected else plain(values)
    series = {
        y: _series_cells(
            raw[y], {code: cells[_headline(code, y, year)] for code in PEOPLE_HEADLINES}
        )
        for y in years
    }

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
    unfactored = uses.filter(in_year).exclude(factored(factor_set, Quantity.CO2E))
    unfactored_km = _d(unfactored.aggregate(km_sum=Sum("km"))["km_sum"])

    return Figures(
        year=year,
        scope=antenna or territory,
        antennas=antennas,
        series=series,
        services=_services(service_rows, cells, service_months),
        modes=[
            {
                "mode": Mode(row["mode"]).label,
                "uses": row["n"],
                "km": _d(row["km_sum"]),
                "co2e_t": None if row["co2e"] is None else _d(row["co2e"]) / 1000,
            }
            for row in modes
        ],
        months=[
            {
                "month": m,
                "uses": months.get(m, {}).get("n", 0),
                "km": _d(months.get(m, {}).get("km_sum")),
                "co2e_t": _d(months.get(m, {}).get("co2e")) / 1000,
            }
            for m in range(1, 13)
        ],
        per_antenna=[
            {
                "antenna": a,
                "followed": cells[("followed", a.pk)],
                "new": cells[("entry", "new", a.pk)],
                "users": cells[("users_any", a.pk)],
                "exits": cells[("exits", a.pk)],
                "uses": by_antenna.get(a.pk, {}).get("n", 0),
                "km": _d(by_antenna.get(a.pk, {}).get("km_sum")),
                "co2e_t": _d(by_antenna.get(a.pk, {}).get("co2e")) / 1000,
                "events": events_by_antenna.get(a.pk, 0),
            }
            for a in antennas
        ],
        tables=[
            _table(key, title, choices, antennas, cells, "followed")
            for key, title, choices in DIMENSIONS
        ],
        exits=_table(
            "exit", _("Sorties par motif"), list(Outcome.choices), antennas, cells, "exits"
        ),
        users=_table(
            "users",
            _("Personnes ayant utilisé chaque service"),
            list(ServiceKind.choices),
            antennas,
            cells,
            "users_any",
        ),
        events_by_kind=[
            {
                "kind": label,
                "events": kinds.get(kind, {}).get("n", 0),
                "participants": kinds.get(kind, {}).get("participants") or 0,
            }
            for kind, label in ProfessionalEvent.Kind.choices
        ],
        pollutants=[
            {"quantity": Quantity(q).label, "kg": raw[year].get(f"avoided_{q}")}
            for q in factor_set.quantities()
            if q in POLLUTANTS
        ],
        unfactored_km=unfactored_km,
        factor_set=factor_set,
        protected=protected,
        people=cells,
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
        figures["km"] = _d(row.get("km_sum"))
        figures["services_deployed"] = row.get("kinds", 0)
        figures["co2e_avoided"] = _d(row.get("avoided_co2e")) / 1000
        fuel = _d(row.get("avoided_fuel"))
        figures["fuel_avoided"] = fuel
        figures["energy_avoided"] = fuel * KWH_PER_LITRE
        for quantity in quantities:
            if quantity in POLLUTANTS:  # grams per km → kg
                figures[f"avoided_{quantity}"] = _d(row.get(f"avoided_{quantity}")) / 1000


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


def _antennas_by_year(raw, ids, years):
    rural = Q(commune__density_level__in=RURAL_DENSITY_LEVELS, status__in=ACTIVE_STATUSES)
    totals = Antenna.objects.filter(pk__in=ids).aggregate(
        **{
            f"rural_{y}": Count(
                "pk",
                filter=rural & (Q(opened_on__isnull=True) | Q(opened_on__lte=date(y, 12, 31))),
            )
            for y in years
        }
    )
    for y in years:
        raw[y]["rural_antennas"] = totals[f"rural_{y}"]


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


def _lines(antennas):
    """How the published people counts add up (indicators.secrecy)."""
    ids = [a.pk for a in antennas]
    lines = [([("followed", a) for a in ids], ("followed", TOTAL))]
    lines.append(([("followed", a.pk) for a in antennas if a.is_rural], ("rural_people",)))
    groups = [(key, choices, "followed") for key, _title, choices in DIMENSIONS]
    groups += [("exit", list(Outcome.choices), "exits")]
    for key, choices, total in groups:
        codes = [code for code, _label in choices]
        for a in ids:
            lines.append(([(key, code, a) for code in codes], (total, a)))
        for code in codes:
            lines.append(([(key, code, a) for a in ids], (key, code, TOTAL)))
        lines.append(([(key, code, TOTAL) for code in codes], (total, TOTAL)))
    lines.append(([("exits", a) for a in ids], ("exits", TOTAL)))
    lines.append(([("exit", code, TOTAL) for code in JOB_OUTCOMES], ("exits_job", TOTAL)))
    # A person may use several services: only the antenna sums are additive.
    for service in ServiceKind.values:
        lines.append(([("users", service, a) for a in ids], ("users", service, TOTAL)))
    lines.append(([("users_any", a) for a in ids], ("users_any", TOTAL)))
    return lines


def _headline(code, y, year):
    return PEOPLE_HEADLINES[code] if y == year else ("series", code, y)


def _year_lines(years):
    """How the headline counts of the years add up: new + continuing = followed, and the people
    continuing in a year are those followed the year before less its exits."""
    last = years[-1]
    lines = []
    for y in years:
        lines.append(
            (
                [_headline("new", y, last), _headline("continuing", y, last)],
                _headline("followed", y, last),
            )
        )
        if y + 1 in years:
            lines.append(
                (
                    [_headline("continuing", y + 1, last), _headline("exits", y, last)],
                    _headline("followed", y, last),
                )
            )
    return lines


def _series_cells(figures, cells):
    """A year's headline figures, with its people counts as protected by compute()."""
    from indicators.catalogue import INDICATORS

    result = {}
    for indicator in INDICATORS:
        result[indicator.code] = cells.get(indicator.code) or Cell(
            figures.get(indicator.code, 0), decimals=indicator.decimals
        )
    for key, value in figures.items():
        if key.startswith("avoided_"):
            result[key] = Cell(value, decimals=2)
    return result


def _services(service_rows, cells, service_months):
    by_service = {}
    for row in service_rows:
        entry = by_service.setdefault(
            row["service"], {"uses": 0, "km": Decimal(0), "since": row["since"], "antennas": 0}
        )
        entry["uses"] += row["n"]
        entry["km"] += _d(row["km_sum"])
        entry["since"] = min(entry["since"], row["since"])
        entry["antennas"] += 1 if row["n"] else 0
    return [
        {
            "code": code,
            "label": label,
            "deployed": code in by_service,
            "since": by_service.get(code, {}).get("since"),
            "active": bool(by_service.get(code, {}).get("uses")),
            "antennas": by_service.get(code, {}).get("antennas", 0),
            "uses": by_service.get(code, {}).get("uses", 0),
            "km": by_service.get(code, {}).get("km", Decimal(0)),
            "users": cells[("users", code, TOTAL)],
            "months": service_months.get(code, [0] * 12),
        }
        for code, label in ServiceKind.choices
    ]


def _table(key, title, choices, antennas, cells, total):
    codes = [code for code, _label in choices]
    rows = [
        {
            "label": a.name,
            "cells": [cells[(key, code, a.pk)] for code in codes],
            "total": cells[(total, a.pk)],
        }
        for a in antennas
    ]
    rows.append(
        {
            "label": _("Total"),
            "cells": [cells[(key, code, TOTAL)] for code in codes],
            "total": cells[(total, TOTAL)],
            "is_total": True,
        }
    )
    return Table(key=key, title=title, columns=choices, rows=rows)
