"""Reading a spreadsheet: CSV in any encoding French offices write (UTF-8, Windows-1252) with a
semicolon, comma or tab separator, or XLSX; empty lines skipped, merged header cells named."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
# A larger file is refused: the one transaction writing it must end within the worker's time
# limit (beneficiaries.tasks.import_run); 3 000 people took 94 s to write on a loaded machine.
MAX_ROWS = 10_000


class UnreadableFile(Exception):
    """The file cannot be imported; the message says why, for the person who sent it."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _table(lines: Iterable[tuple[int, list]], max_rows: int) -> Table:
    headers, rows = None, []
    for number, cells in lines:
        cells = [_text(c) for c in cells]
        if not any(cells):
            continue  # empty lines anywhere
        if headers is None:
            # Merged header cells leave the cells after the first empty: name them.
            headers = [c or _("Colonne %(n)s") % {"n": i + 1} for i, c in enumerate(cells)]
            continue
        rows.append((number, cells))
        if len(rows) > max_rows:
            raise UnreadableFile(
                _("Le fichier compte plus de %(max)s lignes : importez-le en plusieurs fichiers.")
                % {"max": number_format(max_rows, force_grouping=True)}
            )
    if headers is None:
        raise UnreadableFile(_("Le fichier est vide."))
    return Table(headers, rows)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):  # what Excel and LibreOffice write in France
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("Encodage du fichier non reconnu : enregistrez-le en UTF-8."))


def read_table(name: str, raw: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    """The header row and the non-empty rows of a CSV or XLSX file."""
    if len(raw) > MAX_BYTES:
        raise UnreadableFile(_("Le fichier dépasse 10 Mo."))
    if raw[:2] == b"PK":  # an XLSX file is a zip archive
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
            return _table(enumerate(sheet.iter_rows(values_only=True), start=1), max_rows)
        except UnreadableFile:
            raise
        except Exception:  # openpyxl raises many kinds of errors for a damaged file
            raise UnreadableFile(_("Ce classeur Excel est illisible.")) from None
    if not name.lower().endswith((".csv", ".txt")):
        raise UnreadableFile(_("Envoyez un fichier CSV ou XLSX."))
    text = _decode(raw)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:  # one column, or too few lines to tell: count the separators
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
        dialect = type("Guessed", (csv.excel,), {"delimiter": delimiter})
    try:
        return _table(enumerate(csv.reader(io.StringIO(text), dialect), start=1), max_rows)
    except csv.Error:
        raise UnreadableFile(_("Ce fichier CSV est mal formé.")) from None
