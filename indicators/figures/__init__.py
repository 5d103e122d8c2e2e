"""The figures of action 1.3.3 for a territory (or one antenna) and a year.

`compute` runs 20 queries whatever the volume of data: the antennas 1, the emission factors 1,
then `collect` 18 (SQL aggregates, see its docstring). Protected figures (the default) read no
live people count: `collect` skips its 3 scans of the people, and the counts come from the
latest compiled report, 1 query: 18 in all. The other modules only arrange:
  - collect: everything read from PostgreSQL, grouped;
  - people: the people categories and how their counts add up (secrecy's lines);
  - tables: the people tables and the services;
  - presentation: the `Figures` object and the rows pages, reports and the API show;
  - export: the rows of every table for the downloads (CSV, XLSX);
  - published: the people counts as a secrecy document, and the cells a frozen one publishes."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, status_on
from beneficiaries.models import Outcome
from indicators.catalogue import FIRST_YEAR
from indicators.factors import factors_for
from indicators.figures import presentation, published
from indicators.figures.collect import collect
from indicators.figures.people import DIMENSIONS, PEOPLE_HEADLINES, TOTAL, headline
from indicators.figures.presentation import Figures
from indicators.figures.tables import Table, services, table
from indicators.models import Report
from indicators.secrecy import plain
from indicators.secrecy.document import Document
from services.catalogue import ServiceKind

__all__ = ["TOTAL", "Figures", "Table", "compute"]


LATEST = object()


def frozen_document(territory, year: int) -> Document | None:
    """The people counts the officer may see for `year`: those of the latest compiled report
    (one query)."""
    data = (
        Report.objects.filter(territory=territory, year=year, status=Report.Status.DONE)
        .exclude(document={})
        .order_by("-generated_at", "-pk")
        .values_list("document", flat=True)
        .first()
    )
    return None if data is None else Document.from_json(data)


def compute(
    *, year: int, territory=None, antenna=None, protected: bool = True, document=LATEST
) -> Figures:
    """The figures of `year`. Protected figures take their people counts from `document` (by
    default the latest compiled report's, see frozen_document) and never from live data; the
    others (uses, km, CO2, events) are live."""
    antennas = list(
        (
            Antenna.objects.filter(territory=territory)
            if antenna is None
            else Antenna.objects.filter(pk=antenna.pk)
        )
        .select_related("commune")
        .annotate(status_then=status_on(date(year, 12, 31)))
        .order_by("name")
    )
    factor_set = factors_for(year)
    years = list(range(FIRST_YEAR, year + 1))
    collected = collect([a.pk for a in antennas], year, factor_set, people=not protected)

    # Earlier years' headline counts are published beside this year's (trend, CSV, API):
    # protected together, as the years are linked (see people.year_lines).
    values = dict(collected.people)
    for y in years[:-1]:
        values.update({("series", code, y): collected.series[y][code] for code in PEOPLE_HEADLINES})
    if not protected:
        cells = plain(values)
    else:
        if document is LATEST:
            document = frozen_document(territory, year)
        cells = published.cells(values, year, document)
    series = {
        y: presentation.series_cells(
            collected.series[y],
            {code: cells[headline(code, y, year)] for code in PEOPLE_HEADLINES},
        )
        for y in years
    }
    return Figures(
        year=year,
        scope=antenna or territory,
        antennas=antennas,
        series=series,
        services=services(collected.service_rows, cells, collected.service_months),
        modes=presentation.modes(collected),
        months=presentation.months(collected),
        per_antenna=presentation.per_antenna(collected, antennas, cells),
        tables=[
            table(key, title, choices, antennas, cells, "followed")
            for key, title, choices in DIMENSIONS
        ],
        exits=table(
            "exit", _("Sorties par motif"), list(Outcome.choices), antennas, cells, "exits"
        ),
        users=table(
            "users",
            _("Personnes ayant utilisé chaque service"),
            list(ServiceKind.choices),
            antennas,
            cells,
            "users_any",
        ),
        events_by_kind=presentation.events_by_kind(collected),
        pollutants=presentation.pollutants(collected, year, factor_set),
        unfactored_km=collected.unfactored_km,
        factor_set=factor_set,
        protected=protected,
        published=not protected or document is not None,
        people=cells,
        per_antenna_total=presentation.per_antenna_total(series[year], cells),
        without_factor=presentation.without_factor(collected, factor_set),
    )
