"""PDF documents rendered by WeasyPrint from templates/indicators/report/."""

from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from indicators import charts
from indicators.catalogue import BY_CODE, FIRST_YEAR, INDICATORS, by_group
from indicators.figures import published
from indicators.secrecy import RULE
from indicators.targets import targets_by_year
from services.catalogue import Mode

KEY_FIGURES = ["followed", "users", "uses", "km", "co2e_avoided", "events"]  # on the cover
# Beyond this many antennas, the report gives the territory's people tables and the antennas'
# activity by EPCI, not a row per antenna in every table (the CSV and XLSX keep the detail).
DETAIL_LIMIT = 12
OPEN = ("experimenting", "operating")
MONTHS = [
    pgettext_lazy("month", "janv."), pgettext_lazy("month", "févr."),
    pgettext_lazy("month", "mars"), pgettext_lazy("month", "avr."),
    pgettext_lazy("month", "mai"), pgettext_lazy("month", "juin"),
    pgettext_lazy("month", "juil."), pgettext_lazy("month", "août"),
    pgettext_lazy("month", "sept."), pgettext_lazy("month", "oct."),
    pgettext_lazy("month", "nov."), pgettext_lazy("month", "déc."),
]  # fmt: skip


def write_pdf(template, context) -> bytes:
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def report_context(figures, *, generated_at=None, chart_width=640) -> dict:
    """What the yearly report and the dashboards show: figures, targets, charts. Screens pass a
    narrower `chart_width`: the drawing is scaled to a third or to a phone's width, and its
    text must stay readable there."""
    territory = figures.scope
    year = figures.year
    years = list(range(FIRST_YEAR, year + 2))
    targets = targets_by_year(territory, years) if hasattr(territory, "antennas") else {}
    summary = [
        (
            group,
            [
                {
                    "indicator": indicator,
                    "value": figures.current[indicator.code],
                    "previous": figures.previous.get(indicator.code),
                    "target": targets.get(year, {}).get(indicator.code),
                }
                for indicator in indicators
            ],
        )
        for group, indicators in by_group()
    ]
    series = figures.series
    trend_years = figures.trend_years
    trend_codes = ["followed", "uses", "km", "co2e_avoided", "events"]
    charts_ = {
        code: charts.columns(
            [(str(y), series[y][code]) for y in trend_years],
            title=f"{BY_CODE[code].label}, {trend_years[0]}–{year}",
            unit=str(BY_CODE[code].unit),
            decimals=BY_CODE[code].decimals,
            highlight=str(year),
            target=getattr(targets.get(year, {}).get(code), "value", None),
            width=chart_width,
        )
        for code in trend_codes
    }
    charts_["months"] = charts.columns(
        [(str(MONTHS[m["month"] - 1]), m["uses"]) for m in figures.months],
        title=_("Utilisations des services par mois en %(year)s") % {"year": year},
        unit=_("utilisations"),
        width=chart_width,
    )
    charts_["modes"] = charts.bars(
        [(m["mode"], m["km"]) for m in figures.modes],
        title=_("Kilomètres parcourus par mode en %(year)s") % {"year": year},
        unit="km",
    )
    services = [
        dict(
            service,
            chart=charts.columns(
                [(str(MONTHS[i]), n) for i, n in enumerate(service["months"])],
                title=_("%(service)s : utilisations par mois en %(year)s")
                % {"service": service["label"], "year": year},
                unit=_("utilisations"),
                width=560,
            ),
        )
        for service in figures.services
    ]
    detailed = len(figures.antennas) <= DETAIL_LIMIT
    return {
        "figures": figures,
        "detailed": detailed,
        "summary_tables": not detailed,
        "antennas_by_epci": [] if detailed else antennas_by_epci(figures),
        "scope": territory,
        "year": year,
        "summary": summary,
        "key_figures": [(BY_CODE[code], figures.current[code]) for code in KEY_FIGURES],
        "trend_years": trend_years,
        "trend_rows": [
            (BY_CODE[code], [series[y][code] for y in trend_years]) for code in trend_codes
        ],
        "targets_next": targets.get(year + 1, {}),
        "charts": charts_,
        "services": services,
        "indicators": INDICATORS,
        "factors": [
            {
                "factor": factor,
                "mode": Mode(mode).label,
            }
            for (_quantity, mode), factor in sorted(figures.factor_set.factors.items())
        ],
        "secrecy_rule": RULE,
        "generated_at": generated_at or timezone.now(),
    }


def antennas_by_epci(figures) -> list[dict]:
    """Per EPCI: its antennas (rural, open at the end of the report's year) and their activity.
    No people count: sums of protected cells by EPCI would be new numbers to audit."""
    rows: dict[str, dict] = {}
    for line in figures.per_antenna:
        a = line["antenna"]
        row = rows.setdefault(
            a.commune.epci_name,
            {"epci": a.commune.epci_name, "n": 0, "rural": 0, "open": 0, "uses": 0,
             "km": Decimal(0), "co2e_t": Decimal(0), "events": 0},
        )  # fmt: skip
        row["n"] += 1
        row["rural"] += a.is_rural
        row["open"] += (getattr(a, "status_then", None) or a.status) in OPEN
        for key in ("uses", "km", "co2e_t", "events"):
            row[key] += line[key]
    return [rows[key] for key in sorted(rows)]


def render_report(figures, *, generated_at=None, changes=()) -> bytes:
    context = report_context(figures, generated_at=generated_at)
    context["changes"] = published.describe(changes, figures)
    return write_pdf("indicators/report/report.html", context)
