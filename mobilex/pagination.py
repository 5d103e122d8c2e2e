"""Keyset pagination: a page is "the N rows after this row" in a fixed ordering that an index
serves, so page 4 000 costs what page 1 costs. No OFFSET, and no exact count over a big table:
the count stops at COUNT_LIMIT ("plus de 10 000").

    page = keyset_page([queryset], ordering=("name_key", "pk"), cursor=request.GET.get("cursor"))

A page may run over several querysets in turn (ranked tiers of a search: the best matches
first); the cursor says which tier and which row it stopped at. The ordering's columns must be
non-null and sorted one way ("-at", "-pk" is fine; "a", "-b" is not), its last column unique;
each table's index should be (tenant, *ordering). Pages go forward; "back" is the browser's."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import F, Func, Value
from django.db.models.functions import Cast

PAGE_SIZE = 25
COUNT_LIMIT = 10_000
_BIGINT = 2**63


@dataclass(frozen=True)
class KeysetPage:
    object_list: list
    next_cursor: str | None  # None on the last page
    first: bool  # the first page
    count: int | None  # rows in all pages, at most COUNT_LIMIT + 1; None when not asked for
    count_limit: int = COUNT_LIMIT

    @property
    def more_than_limit(self) -> bool:
        return self.count is not None and self.count > self.count_limit

    @property
    def shown_count(self) -> int | None:
        """The rows in all pages, as counted, or as seen when one page holds them all."""
        if self.count is not None:
            return self.count
        return len(self.object_list) if self.first and not self.next_cursor else None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor) or not self.first


class _Row(Func):
    function = "ROW"


def keyset_page(
    tiers: list,
    *,
    ordering: tuple[str, ...],
    cursor: str | None,
    size: int = PAGE_SIZE,
    count: bool = True,
) -> KeysetPage:
    """One page over `tiers` (querysets already scoped and filtered, disjoint, shown one after
    the other). A cursor that cannot be read (edited by hand, or from another search) gives the
    first page rather than an error."""
    descending = ordering[0].startswith("-")
    if any(name.startswith("-") != descending for name in ordering):
        raise ValueError(f"keyset ordering must go one way: {ordering}")
    names = [name.lstrip("-") for name in ordering]
    model = tiers[0].model
    fields = [model._meta.pk if name == "pk" else model._meta.get_field(name) for name in names]
    tier, values = _read(cursor, fields, len(tiers))
    first = values is None and tier == 0
    found, stopped = [], None  # stopped: (tier, last row) where the next page starts
    for index in range(tier, len(tiers)):
        rows = tiers[index]
        if values is not None:
            key = _Row(*[F(name) for name in names], output_field=fields[0])
            bound = _Row(
                *[Cast(Value(v), output_field=f) for v, f in zip(values, fields, strict=True)],
                output_field=fields[0],
            )
            lookup = "lt" if descending else "gt"
            rows = rows.alias(_keyset=key).filter(**{f"_keyset__{lookup}": bound})
        wanted = size + 1 - len(found)
        taken = list(rows.order_by(*ordering)[:wanted])
        found += taken
        if len(found) > size:
            found = found[:size]
            stopped = (index, found[-1])
            break
        if index + 1 < len(tiers) and len(found) == size:
            stopped = (index + 1, None)  # this tier is done; the next one starts afresh
            break
        values = None
    total = sum(bounded_count(t) for t in tiers) if count else None
    return KeysetPage(
        object_list=found,
        next_cursor=None if stopped is None else _write(stopped[0], stopped[1], names),
        first=first,
        count=total,
        count_limit=COUNT_LIMIT,
    )


def bounded_count(queryset) -> int:
    """The rows of `queryset`, counted up to COUNT_LIMIT + 1 only: a count that reads at most
    10 001 index entries, however big the table ("plus de 10 000" beyond)."""
    return queryset.order_by().values("pk")[: COUNT_LIMIT + 1].count()


def _write(tier: int, row, names: list[str]) -> str:
    values = None if row is None else [_plain(getattr(row, name)) for name in names]
    raw = json.dumps([tier, values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _read(cursor: str | None, fields, tiers: int) -> tuple[int, list | None]:
    if not cursor:
        return 0, None
    try:
        tier, values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not (isinstance(tier, int) and 0 <= tier < tiers):
            return 0, None
        if values is None:
            return tier, None
        if len(values) != len(fields) or not all(_scalar(v) for v in values):
            return 0, None
        return tier, [f.to_python(v) for v, f in zip(values, fields, strict=True)]
    except (ValueError, TypeError, binascii.Error, ValidationError):
        return 0, None


def _scalar(value) -> bool:
    if isinstance(value, bool):
        return False
    return (
        isinstance(value, str)
        and len(value) < 1000
        or (isinstance(value, int) and -_BIGINT < value < _BIGINT)
    )
