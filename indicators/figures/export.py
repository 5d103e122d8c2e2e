"""The figures as rows of cells, one function for every downloadable format (CSV, XLSX):
the indicators by year, then each people table, then the secrecy rule. No query: 0."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from indicators.catalogue import INDICATORS
from indicators.figures.presentation import Figures
from indicators.secrecy import RULE
from indicators.templatetags.indicators_format import fr_number


def cell_text(cell) -> str:
    return cell.label or fr_number(cell.value, cell.decimals).replace("\u202f", "").replace(
        "\xa0", ""
    )


def rows(figures: Figures, cell=cell_text) -> Iterator[list]:
    """Every table of a download, a blank row between two; `cell` writes a Cell."""
    years = sorted(figures.series)
    yield [_("code"), _("indicateur"), _("unité")] + [str(y) for y in years]
    for indicator in INDICATORS:
        yield [indicator.code, indicator.label, indicator.unit] + [
            cell(figures.series[y][indicator.code]) for y in years
        ]
    yield []
    for table in [*figures.tables, figures.exits, figures.users]:
        yield [table.title]
        yield [_("antenne")] + [label for _code, label in table.columns] + [_("total")]
        for row in table.rows:
            yield [row["label"]] + [cell(c) for c in row["cells"]] + [cell(row["total"])]
        yield []
    if figures.protected:
        yield [RULE]
