"""What a page, a report or the API shows of the figures: the `Figures` object and the rows
(modes, months, antennas, events, pollutants, yearly series) arranged from collected rows and
protected cells. No query: 0."""

from dataclasses import dataclass, field
from decimal import Decimal

from indicators.catalogue import INDICATORS
from indicators.figures.collect import Collected, d
from indicators.figures.people import TOTAL
from indicators.figures.tables import Table
from indicators.models import POLLUTANTS, Quantity
from indicators.secrecy import Cell
from services.catalogue import Mode
from services.models import ProfessionalEvent


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
    published: bool = True  # False: protected, and no compiled report published the people counts
    people: dict = field(default_factory=dict)
    per_antenna_total: dict = field(default_factory=dict)  # the total row of per_antenna
    without_factor: list = field(default_factory=list)  # see without_factor()

    @property
    def current(self):
        return self.series[self.year]

    @property
    def previous(self):
        return self.series.get(self.year - 1, {})

    def recorded(self, year) -> bool:
        """Whether anything happened that year (the rural antennas alone are no activity)."""
        figures = self.series[year]
        # A hidden count is not zero (zeros are shown).
        codes = ("uses", "followed", "events", "exits", "km")
        return any(
            figures[c].value or (figures[c].hidden and not figures[c].unpublished) for c in codes
        )

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


def series_cells(figures: dict, cells: dict) -> dict:
    """A year's headline figures, with its people counts as protected by compute()."""
    result = {}
    for indicator in INDICATORS:
        result[indicator.code] = cells.get(indicator.code) or Cell(
            figures.get(indicator.code, 0), decimals=indicator.decimals
        )
    for key, value in figures.items():
        if key.startswith("avoided_"):
            result[key] = Cell(value, decimals=2)
    return result


def modes(collected: Collected) -> list[dict]:
    return [
        {
            "mode": Mode(row["mode"]).label,
            "uses": row["n"],
            "km": d(row["km_sum"]),
            "co2e_t": None if row["co2e"] is None else d(row["co2e"]) / 1000,
        }
        for row in collected.modes
    ]


def months(collected: Collected) -> list[dict]:
    rows = collected.months
    return [
        {
            "month": m,
            "uses": rows.get(m, {}).get("n", 0),
            "km": d(rows.get(m, {}).get("km_sum")),
            "co2e_t": d(rows.get(m, {}).get("co2e")) / 1000,
        }
        for m in range(1, 13)
    ]


def per_antenna(collected: Collected, antennas: list, cells: dict) -> list[dict]:
    activity = collected.by_antenna
    return [
        {
            "antenna": a,
            "followed": cells[("followed", a.pk)],
            "new": cells[("entry", "new", a.pk)],
            "users": cells[("users_any", a.pk)],
            "exits": cells[("exits", a.pk)],
            "uses": activity.get(a.pk, {}).get("n", 0),
            "km": d(activity.get(a.pk, {}).get("km_sum")),
            "co2e_t": d(activity.get(a.pk, {}).get("co2e")) / 1000,
            "events": collected.events_by_antenna.get(a.pk, 0),
        }
        for a in antennas
    ]


def events_by_kind(collected: Collected) -> list[dict]:
    kinds = collected.event_kinds
    return [
        {
            "kind": label,
            "events": kinds.get(kind, {}).get("n", 0),
            "participants": kinds.get(kind, {}).get("participants") or 0,
        }
        for kind, label in ProfessionalEvent.Kind.choices
    ]


def pollutants(collected: Collected, year: int, factor_set) -> list[dict]:
    return [
        {"quantity": Quantity(q).label, "kg": collected.series[year].get(f"avoided_{q}")}
        for q in factor_set.quantities()
        if q in POLLUTANTS
    ]


def without_factor(collected: Collected, factor_set) -> list[dict]:
    """For greenhouse gases and for fuel (energy follows fuel): the km of the year's uses left out
    because their service mode or their reference mode has no factor, in total and by missing
    mode (a use missing both counts under each). Every use's km count in the km travelled."""
    result = []
    for quantity in (Quantity.CO2E, Quantity.FUEL):
        known = factor_set.for_quantity(quantity)
        by_mode: dict[str, Decimal] = {}
        total = Decimal(0)
        for row in collected.km_by_modes:
            missing = {row["mode"], row["reference_mode"]} - set(known)
            if missing:
                total += d(row["km_sum"])
            for mode in missing:
                by_mode[mode] = by_mode.get(mode, Decimal(0)) + d(row["km_sum"])
        result.append(
            {
                "quantity": quantity,
                "label": Quantity(quantity).label,
                "km": total,
                "modes": [
                    {"code": mode, "mode": Mode(mode).label, "km": km}
                    for mode, km in sorted(by_mode.items(), key=lambda item: -item[1])
                ],
            }
        )
    return result


def per_antenna_total(series: dict, cells: dict) -> dict:
    """The total row of the per-antenna table: the territory's published figures."""
    return {
        "followed": cells[("followed", TOTAL)],
        "new": cells[("entry", "new", TOTAL)],
        "users": cells[("users_any", TOTAL)],
        "exits": cells[("exits", TOTAL)],
        "uses": series["uses"].value,
        "km": series["km"].value,
        "co2e_t": series["co2e_avoided"].value,
        "events": series["events"].value,
    }
