"""The people counts of a territory's report as a secrecy document (indicators.secrecy), and the
cells a frozen document publishes. No query: 0.

Keys name the same quantity in every document: "2025|followed|12" (antenna 12's people in 2025),
"2025|entry|new|total"; the report's earlier years ("series") are those years' own headline keys,
so the N-1 column of a report and the headline of last year's report are one cell. The
documents's identities are the margins of its tables (people.lines), the years' links
(people.year_lines) and, per antenna, continuing(Y) + exits(Y-1) = followed(Y-1), whose
last-year counts are context: not printed, but published by last year's report."""

from django.utils.translation import gettext as _

from indicators.figures.people import PEOPLE_HEADLINES, TOTAL, lines, year_lines
from indicators.secrecy import LAST_RESORT_COST, Cell
from indicators.secrecy.document import Document, margin

HEADLINE_COST = LAST_RESORT_COST  # hidden only when nothing else can cover a cell
MARGIN_COST = 20.0  # a table's total row
ANTENNA_TOTAL_COST = 3.0  # an antenna's total column
DEFAULT_COST = 1.0  # a cell inside a table; an earlier year's figure (N-1, trend)


def global_key(key: tuple, year: int) -> str:
    if key[0] == "series":
        _series, code, y = key
        return "|".join(map(str, (y, *PEOPLE_HEADLINES[code])))
    return "|".join(map(str, (year, *key)))


def build(values: dict, antennas: list, year: int, years: list[int], last_year=None) -> Document:
    """The document of the people counts `values` (compute's keys) of `year`; `last_year` are the
    people counts of the year before (its per-antenna link), when that year is in the series."""
    g = {key: global_key(key, year) for key in values}
    identities = [
        margin([g[part] for part in parts], g[total])
        for parts, total in [*lines(antennas), *year_lines(years)]
    ]
    document_values = {g[key]: int(value) for key, value in values.items()}
    owners, costs = {}, {}
    headlines = {global_key(key, year) for key in PEOPLE_HEADLINES.values()}
    for key, gk in g.items():
        if key[0] != "series" and key[-1] != TOTAL and len(key) > 1:
            owners[gk] = key[-1]
        if gk in headlines:
            costs[gk] = HEADLINE_COST
        elif key[0] != "series" and key[-1] == TOTAL:
            costs[gk] = MARGIN_COST
        elif key[0] in ("followed", "exits", "users_any"):
            costs[gk] = ANTENNA_TOTAL_COST
    context = set()
    if last_year is not None:
        for a in antennas:
            followed, exits = (
                global_key(("followed", a.pk), year - 1),
                global_key(("exits", a.pk), year - 1),
            )
            document_values[followed] = int(last_year[("followed", a.pk)])
            document_values[exits] = int(last_year[("exits", a.pk)])
            owners[followed] = owners[exits] = a.pk
            context |= {followed, exits}
            identities.append(margin([g[("entry", "continuing", a.pk)], exits], followed))
    return Document(
        values=document_values,
        identities=identities,
        context=frozenset(context),
        costs=costs,
        owners=owners,
    )


def cells(keys, year: int, document: Document | None) -> dict:
    """The cells of compute's `keys` as `document` publishes them: a number, "< 11" or "s" —
    a hidden cell carries no value, so no page can print it — or "unpublished" when no compiled
    report published it (no document, or a key the document did not have)."""
    result = {}
    for key in keys:
        gk = global_key(key, year)
        if document is None or gk not in document.values or gk in document.context:
            result[key] = Cell(None, hidden=True, unpublished=True)
        elif gk in document.hidden:
            result[key] = Cell(None, hidden=True, primary=gk in document.primary)
        else:
            result[key] = Cell(document.values[gk])
    return result


def describe(changes, figures) -> list[dict]:
    """The changed cells of a recompiled report, in words: table, row, column, before, after."""
    from indicators.catalogue import BY_CODE

    names = {str(a.pk): a.name for a in figures.antennas}
    names[TOTAL] = _("Total")
    headlines = {"|".join(key): code for code, key in PEOPLE_HEADLINES.items()}
    tables = {t.key: t for t in [*figures.tables, figures.exits, figures.users]}
    totals = {"followed": _("Personnes accompagnées"), "exits": _("Sorties"),
              "users_any": _("Personnes ayant utilisé un service")}  # fmt: skip
    result = []
    for key, before, after in changes:
        year, _sep, rest = key.partition("|")
        parts = rest.split("|")
        if rest in headlines:
            where = (str(BY_CODE[headlines[rest]].label), year, "")
        elif parts[0] in tables and len(parts) == 3:
            table = tables[parts[0]]
            column = dict(table.columns).get(parts[1], parts[1])
            where = (str(table.title), names.get(parts[2], parts[2]), str(column))
        elif parts[0] in totals and len(parts) == 2:
            where = (str(totals[parts[0]]), names.get(parts[1], parts[1]), year)
        else:
            where = (key, "", "")
        result.append(
            {
                "table": where[0],
                "row": where[1],
                "column": where[2],
                "before": before,
                "after": after,
            }  # fmt: skip
        )
    return result
