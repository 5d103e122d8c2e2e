"""Bringing an antenna's existing spreadsheet of people in: read a CSV (any common encoding and
separator) or XLSX file, map its columns (guessed from the headers), check every cell, match each
row with the people already there (near-duplicates), then write what the user chose in one
transaction, audited. `export_rows` writes the same format back, so a file round-trips."""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antennas.models import Commune
from antennas.text import digits, normalise
from beneficiaries import audit, duplicates, records
from beneficiaries.models import Beneficiary, Gender, Licence, Situation

MAX_ROWS = 5000  # a larger file is refused: split it (one transaction must stay short)
MAX_BYTES = 10 * 1024 * 1024


class UnreadableFile(Exception):
    """The file cannot be imported; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    aliases: tuple[str, ...]  # folded header names that mean this column


COLUMNS = (
    Column("last_name", gettext_lazy("Nom"), True, ("nom", "nom de famille", "nom usage")),
    Column("first_name", gettext_lazy("Prénom"), True, ("prenom", "prenoms")),
    Column(
        "birth_date",
        gettext_lazy("Date de naissance"),
        True,
        ("date de naissance", "naissance", "ne le", "nee le", "ne e le", "date naissance"),
    ),
    Column("gender", gettext_lazy("Genre"), False, ("genre", "sexe", "civilite")),
    Column(
        "phone",
        gettext_lazy("Téléphone"),
        False,
        ("telephone", "tel", "portable", "mobile", "telephone portable"),
    ),
    Column("email", gettext_lazy("E-mail"), False, ("e mail", "email", "courriel", "mail")),
    Column("address", gettext_lazy("Adresse"), False, ("adresse", "rue")),
    Column(
        "commune",
        gettext_lazy("Commune"),
        True,
        ("commune", "ville", "localite", "code insee", "insee", "code postal", "cp"),
    ),
    Column("situation", gettext_lazy("Situation"), False, ("situation", "statut")),
    Column("licence", gettext_lazy("Permis"), False, ("permis", "permis de conduire")),
)
BY_KEY = {c.key: c for c in COLUMNS}

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_GENDERS = {"f": Gender.FEMALE, "femme": Gender.FEMALE, "mme": Gender.FEMALE,
            "madame": Gender.FEMALE, "h": Gender.MALE, "m": Gender.MALE, "homme": Gender.MALE,
            "monsieur": Gender.MALE, "x": Gender.OTHER, "autre": Gender.OTHER}  # fmt: skip


# -- reading ----------------------------------------------------------------------------------


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


def _table(lines: Iterable[tuple[int, list]]) -> Table:
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
        if len(rows) > MAX_ROWS:
            raise UnreadableFile(
                _("Le fichier compte plus de %(max)s lignes : importez-le en plusieurs fichiers.")
                % {"max": f"{MAX_ROWS:,}".replace(",", "\u202f")}
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


def read_table(name: str, raw: bytes) -> Table:
    """The header row and the non-empty rows of a CSV or XLSX file."""
    if len(raw) > MAX_BYTES:
        raise UnreadableFile(_("Le fichier dépasse 10 Mo."))
    if raw[:2] == b"PK":  # an XLSX file is a zip archive
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
        except Exception:  # openpyxl raises many kinds of errors for a damaged file
            raise UnreadableFile(_("Ce classeur Excel est illisible.")) from None
        return _table(enumerate(sheet.iter_rows(values_only=True), start=1))
    if not name.lower().endswith((".csv", ".txt")):
        raise UnreadableFile(_("Envoyez un fichier CSV ou XLSX."))
    text = _decode(raw)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return _table(enumerate(csv.reader(io.StringIO(text), dialect), start=1))


def guess_mapping(headers: list[str], saved: dict[str, str] | None = None) -> dict[int, str]:
    """Column index → field, from the antenna's saved mapping or the headers' words."""
    saved = saved or {}
    mapping, taken = {}, set()
    for index, header in enumerate(headers):
        folded = normalise(header)
        key = saved.get(folded) or next((c.key for c in COLUMNS if folded in c.aliases), None)
        if key and key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping


# -- checking ---------------------------------------------------------------------------------


@dataclass
class Row:
    line: int
    cells: dict[str, str]  # field → raw text
    values: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    match: duplicates.Duplicate | None = None

    @property
    def default_action(self) -> str:
        if self.errors:
            return "skip"
        return "update" if self.match else "create"


def parse_date(text: str) -> date:
    found = _DATE.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
        if year < 100:  # 87 → 1987, 05 → 2005
            year += 1900 if year > date.today().year % 100 else 2000
    else:
        try:
            iso = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(_("Date attendue au format jj/mm/aaaa.")) from None
        day, month, year = iso.day, iso.month, iso.year
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValidationError(_("Cette date n'existe pas.")) from None
    if not date(1900, 1, 1) <= value <= date.today():
        raise ValidationError(_("Date de naissance invraisemblable."))
    return value


def parse_phone(text: str) -> str:
    number = digits(text)
    if number.startswith("33") and len(number) == 11:
        number = "0" + number[2:]
    if len(number) != 10 or not number.startswith("0"):
        raise ValidationError(_("Numéro à 10 chiffres attendu, par exemple 06 12 34 56 78."))
    return " ".join(number[i : i + 2] for i in range(0, 10, 2))


def _choice(choices, aliases: dict | None = None):
    by_label = {normalise(str(label)): value for value, label in choices}
    by_value = {value: value for value, _label in choices}

    def parse(text: str) -> str:
        folded = normalise(text)
        found = (aliases or {}).get(folded) or by_value.get(folded) or by_label.get(folded)
        if found is None:
            raise ValidationError(
                _("Valeur inconnue ; valeurs possibles : %(values)s.")
                % {"values": ", ".join(str(label) for _v, label in choices)}
            )
        return found

    return parse


class CommuneFinder:
    """Communes by INSEE code, postal code or name: the territory's first, then all of France."""

    def __init__(self, antenna):
        self.territory = set(
            Commune.objects.filter(territories=antenna.territory_id).values_list(
                "insee_code", flat=True
            )
        )

    def __call__(self, text: str) -> Commune:
        text = text.strip()
        if re.fullmatch(r"\d[\dAB]\d{3}", text, re.I):
            candidates = list(
                Commune.objects.filter(insee_code=text.upper())
                or Commune.objects.filter(postal_codes__contains=text)
            )
        else:
            candidates = list(Commune.objects.filter(search_name=normalise(text)))
        local = [c for c in candidates if c.insee_code in self.territory]
        candidates = local or candidates
        if not candidates:
            raise ValidationError(_("Commune introuvable : nom, code postal ou code INSEE."))
        if len(candidates) > 1:
            raise ValidationError(
                _("Plusieurs communes possibles (%(names)s) : indiquez le code INSEE.")
                % {"names": ", ".join(f"{c.name} {c.insee_code}" for c in candidates[:4])}
            )
        return candidates[0]


def _email(text: str) -> str:
    validate_email(text)
    return text.lower()


def parse_rows(table: Table, mapping: dict[int, str], *, antenna) -> list[Row]:
    """Every row checked, each error in French next to its cell."""
    parsers = {
        "last_name": str.strip,
        "first_name": str.strip,
        "birth_date": parse_date,
        "gender": _choice(Gender.choices, _GENDERS),
        "phone": parse_phone,
        "email": _email,
        "address": str.strip,
        "commune": CommuneFinder(antenna),
        "situation": _choice(Situation.choices),
        "licence": _choice(Licence.choices),
    }
    limits = {"last_name": 150, "first_name": 150, "address": 255}
    rows = []
    for line, cells in table.rows:
        row = Row(line, {key: cells[i] if i < len(cells) else "" for i, key in mapping.items()})
        for column in COLUMNS:
            text = row.cells.get(column.key, "")
            if not text:
                if column.required:
                    row.errors[column.key] = _("Obligatoire.")
                continue
            if len(text) > limits.get(column.key, 254):
                row.errors[column.key] = _("Trop long.")
                continue
            try:
                row.values[column.key] = parsers[column.key](text)
            except ValidationError as error:
                row.errors[column.key] = " ".join(error.messages)
        rows.append(row)
    return rows


def match_rows(rows: list[Row], people) -> None:
    """Each valid row's likeliest existing person, among `people` (already scoped)."""
    for row in rows:
        if "last_name" in row.errors or "first_name" in row.errors:
            continue
        found = duplicates.find_duplicates(
            people,
            last_name=row.values.get("last_name", ""),
            first_name=row.values.get("first_name", ""),
            birth_date=row.values.get("birth_date"),
            phone=row.values.get("phone", ""),
            email=row.values.get("email", ""),
            commune_id=getattr(row.values.get("commune"), "pk", None),
        )
        row.match = found[0] if found else None


# -- writing ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    created: list[tuple[int, Beneficiary]] = field(default_factory=list)
    updated: list[tuple[int, Beneficiary]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


class RefusedImport(Exception):
    pass


DEFAULTS = {
    "gender": Gender.OTHER,
    "situation": Situation.OTHER,
    "licence": Licence.NONE,
}


@transaction.atomic
def commit(*, membership, actor, rows: list[Row], actions: dict[int, str]) -> Outcome:
    """Write the chosen rows in one transaction: all of them or, on any error, nothing."""
    outcome = Outcome()
    for row in rows:
        action = actions.get(row.line, row.default_action)
        if action == "skip":
            outcome.skipped.append((row.line, "; ".join(row.errors.values())))
            continue
        if row.errors:
            raise RefusedImport(
                _("La ligne %(line)s a des erreurs : corrigez-la ou ignorez-la.")
                % {"line": row.line}
            )
        if action == "update" and row.match:
            person = row.match.beneficiary
            for key, value in row.values.items():
                setattr(person, key, value)
            person.version += 1
            person.save()
            audit.record(
                antenna_id=person.antenna_id, actor=actor, action=audit.Action.UPDATE, obj=person
            )
            outcome.updated.append((row.line, person))
        else:
            data = {**DEFAULTS, **row.values}
            person = records.create_beneficiary(membership=membership, actor=actor, data=data)
            outcome.created.append((row.line, person))
    return outcome


def report_rows(outcome: Outcome) -> list[list[str]]:
    """What became of each line, for the downloadable report."""
    lines = [(line, _("créée"), str(p.pk), str(p)) for line, p in outcome.created]
    lines += [(line, _("mise à jour"), str(p.pk), str(p)) for line, p in outcome.updated]
    lines += [(line, _("ignorée"), "", why) for line, why in outcome.skipped]
    header = [_("Ligne"), _("Résultat"), _("Fiche"), _("Détail")]
    return [header] + [[str(line), *rest] for line, *rest in sorted(lines)]


def export_rows(people) -> Iterable[list[str]]:
    """The people in the import's own format (its headers are what `guess_mapping` reads)."""
    yield [str(c.label) for c in COLUMNS]
    for p in people.select_related("commune"):
        yield [
            p.last_name,
            p.first_name,
            p.birth_date.strftime("%d/%m/%Y"),
            p.get_gender_display(),
            p.phone,
            p.email,
            p.address,
            p.commune.insee_code if p.commune_id else "",
            p.get_situation_display(),
            p.get_licence_display(),
        ]
