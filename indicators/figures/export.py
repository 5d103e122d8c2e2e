"""The figures as rows of cells, one function for every downloadable format (CSV, XLSX):
the indicators by year, then each people table, then the secrecy rule. No query: 0."""

from collections.abc import Iterator
from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _

from indicators.catalogue import INDICATORS
from indicators.figures.presentation import Figures
from indicators.secrecy import RULE, Cell


def _rounded(cell: Cell) -> Decimal:
    return Decimal(cell.value or 0).quantize(Decimal(1).scaleb(-cell.decimals))


def cell_text(cell: Cell) -> str:
    """A CSV number as a spreadsheet reads it whatever the interface language: no grouping, a
    decimal comma (the file is French: ";" separates the fields); a hidden cell its label."""
    return cell.label or str(_rounded(cell)).replace(".", ",")


def xlsx(figures: Figures) -> bytes:
    """The same rows as the CSV in a workbook: numbers as numbers, hidden cells as their label."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = str(figures.year)
    for row in rows(figures, cell=lambda cell: cell):
        sheet.append([_xlsx_value(value) for value in row])
        for written, value in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(value, Cell) and not value.label:
                # Excel's codes: "," groups, "." separates decimals; shown the reader's way.
                written.number_format = "#,##0" + (
                    "." + "0" * value.decimals if value.decimals else ""
                )
        if len(row) == 1:
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 44
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value):
    if isinstance(value, Cell):
        return value.label or (float(_rounded(value)) if value.decimals else int(_rounded(value)))
    return str(value)


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
