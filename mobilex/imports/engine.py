"""The import engine, the same for every kind of record: map the columns (guessed from the
headers or the antenna's last import), check every cell, match each row with what exists, then
write the rows as chosen in one transaction. A kind declares its columns and what creating,
updating, matching and exporting one record means (`Importer`)."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from antennas.text import normalise
from mobilex.imports.reading import Table

ACTIONS = ("create", "update", "skip")
MATCH_CHUNK = 500  # rows matched between two progress reports


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    aliases: tuple[str, ...]  # folded header names that mean this column
    max_length: int = 254


@dataclass(frozen=True)
class Match:
    """An existing record the row probably is, and why we think so."""

    obj: Model
    reasons: tuple[str, ...]


@dataclass
class Row:
    line: int
    cells: dict[str, str]  # field → raw text
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    match: Match | None = None

    @property
    def default_action(self) -> str:
        if self.errors:
            return "skip"
        return "update" if self.match else "create"


class Importer(ABC):
    """What one kind of record needs to be imported. Subclasses declare the class attributes
    and the abstract hooks below (Python refuses to build one that lacks a hook); the engine
    does the rest."""

    key: str  # in the jobs and the saved mappings: "beneficiaires", "vehicules"…
    url_name: str  # prefix of the routes' names: "beneficiary" gives "beneficiary_import"…
    title: str  # "des personnes", for the pages' headings
    columns: tuple[Column, ...]
    list_url: str  # name of the page listing the records
    export_name: str  # file name of the export

    @abstractmethod
    def parsers(self, antenna) -> dict[str, Callable[[str], Any]]:
        """Column key → parser of its cell (raising ValidationError); a column without one
        stays text."""

    @abstractmethod
    def scope(self, membership) -> QuerySet:
        """The existing records the user may match and update."""

    def identity(self, values: dict) -> Hashable | None:
        """What makes two rows the same record (two such lines in one file are an error)."""
        return None

    @abstractmethod
    def match(self, rows: list[Row], scope: QuerySet) -> None:
        """Set each valid row's `match` with the existing record it probably is."""

    @abstractmethod
    def create(self, *, membership, actor, values: dict) -> Model:
        """Write and audit one new record."""

    @abstractmethod
    def update(self, *, obj: Model, actor, values: dict) -> None:
        """Write and audit the row's values onto an existing record."""

    @abstractmethod
    def export_row(self, obj: Model) -> list[str]:
        """One record in the import's own format (the columns' order)."""

    def export_queryset(self, scope: QuerySet) -> QuerySet:
        return scope.order_by("pk")

    def detail_url(self, obj: Model, antenna_slug: str) -> str | None:
        return None

    # -- the engine ----------------------------------------------------------------------

    @property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    def guess_mapping(self, headers: list[str], saved: dict | None = None) -> dict[int, str]:
        """Column index → field, from the antenna's saved mapping or the headers' words."""
        saved = saved or {}
        mapping, taken = {}, set()
        for index, header in enumerate(headers):
            folded = normalise(header)
            key = saved.get(folded) or next(
                (c.key for c in self.columns if folded in c.aliases), None
            )
            if key in self.by_key and key not in taken:
                mapping[index] = key
                taken.add(key)
        return mapping

    def missing(self, mapping: dict[int, str]) -> list[str]:
        """Labels of the required columns that no column of the file maps to."""
        return [c.label for c in self.columns if c.required and c.key not in mapping.values()]

    def check(
        self,
        table: Table,
        mapping: dict[int, str],
        *,
        membership,
        progress: Callable[[int], None] | None = None,
    ) -> list[Row]:
        """Every row checked (each error in French next to its cell) and matched; `progress`
        hears how many rows are matched, the slow part."""
        parsers = self.parsers(membership.antenna)
        rows, seen = [], {}
        for line, cells in table.rows:
            row = Row(line, {key: cells[i] if i < len(cells) else "" for i, key in mapping.items()})
            for column in self.columns:
                value = row.cells.get(column.key, "")
                if not value:
                    if column.required:
                        row.errors[column.key] = _("Obligatoire.")
                    continue
                if len(value) > column.max_length:
                    row.errors[column.key] = _("Trop long.")
                    continue
                try:
                    row.values[column.key] = parsers.get(column.key, str.strip)(value)
                except ValidationError as error:
                    row.errors[column.key] = " ".join(error.messages)
            identity = None if row.errors else self.identity(row.values)
            if identity is not None:
                if identity in seen:
                    first = self.columns[0].key
                    row.errors[first] = _("Même fiche que la ligne %(line)s du fichier.") % {
                        "line": seen[identity]
                    }
                else:
                    seen[identity] = line
            rows.append(row)
        valid, scope = [r for r in rows if not r.errors], self.scope(membership)
        for start in range(0, len(valid), MATCH_CHUNK):
            self.match(valid[start : start + MATCH_CHUNK], scope)
            if progress:
                progress(start + MATCH_CHUNK)
        return rows

    def commit(
        self,
        *,
        membership,
        actor,
        rows: list[Row],
        actions: dict[int, str],
        progress: Callable[[int], None] | None = None,
    ) -> "Outcome":
        """Write the chosen rows in one transaction: all of them or, on any error, nothing."""
        outcome = Outcome()
        with transaction.atomic():
            for done, row in enumerate(rows, start=1):
                action = actions.get(row.line, row.default_action)
                if action == "skip":
                    outcome.skipped.append((row.line, "; ".join(row.errors.values())))
                elif row.errors:
                    raise RefusedImport(
                        _("La ligne %(line)s a des erreurs : corrigez-la ou ignorez-la.")
                        % {"line": row.line}
                    )
                else:
                    self._write(row, action, membership, actor, outcome)
                if progress and done % 200 == 0:
                    progress(done)
        return outcome

    def _write(self, row: Row, action: str, membership, actor, outcome: "Outcome") -> None:
        try:
            if action == "update" and row.match:
                self.update(obj=row.match.obj, actor=actor, values=row.values)
                outcome.updated.append((row.line, row.match.obj))
            else:
                obj = self.create(membership=membership, actor=actor, values=row.values)
                outcome.created.append((row.line, obj))
        except ValidationError as error:
            raise RefusedImport(
                _("Ligne %(line)s : %(why)s") % {"line": row.line, "why": " ".join(error.messages)}
            ) from None

    def export_rows(self, objects: Iterable[Model]) -> Iterable[list[str]]:
        """The records in the import's format (its headers are what `guess_mapping` reads)."""
        yield [str(c.label) for c in self.columns]
        for obj in objects:
            yield self.export_row(obj)


class RefusedImport(Exception):
    pass


@dataclass
class Outcome:
    created: list[tuple[int, Model]] = field(default_factory=list)
    updated: list[tuple[int, Model]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def report_rows(self) -> list[list[str]]:
        """What became of each line, for the downloadable report."""
        lines = [(line, _("créée"), str(o.pk), str(o)) for line, o in self.created]
        lines += [(line, _("mise à jour"), str(o.pk), str(o)) for line, o in self.updated]
        lines += [(line, _("ignorée"), "", why) for line, why in self.skipped]
        header = [_("Ligne"), _("Résultat"), _("Fiche"), _("Détail")]
        return [header] + [[str(line), *rest] for line, *rest in sorted(lines)]
