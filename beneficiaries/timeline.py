"""A person's journey, assembled from streams of events that apps register without this app
knowing them: `register(Stream(...))` in an AppConfig.ready().

The journey is shown newest first, one page at a time, with a keyset cursor: the position
(instant, stream, id) of the last event shown. Each stream is one query that reads only its
rows older than that position, newest first, `LIMIT page + 1` in SQL; the pages of all streams
are merged here. So a page costs one query per stream and a page's worth of rows per stream,
whether the person has 20 events or 20 000."""

import base64
import binascii
import heapq
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils import timezone

PAGE_SIZE = 100


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime | date
    kind: str  # a short machine name, e.g. "referral", "booking"; used as a CSS class
    title: str
    detail: str = ""
    url: str | None = None
    stream: str = ""  # set by the journey: the stream and row the event comes from
    pk: int = 0


@dataclass(frozen=True)
class Stream:
    """Events of one kind: `rows(beneficiary, membership)` gives the person's rows the viewer may
    see (unsliced, unordered), `when` the column or expression that dates them, `event` turns a
    row into its event. A row that makes two events (a period's entry and exit) is two streams,
    each dated by its own column."""

    name: str  # unique among streams; breaks ties between events at the same instant
    rows: Callable[..., QuerySet]
    when: str | models.Expression
    event: Callable[..., TimelineEvent]


Position = tuple[datetime, str, int]  # (instant, stream, pk), compared as a tuple


@dataclass(frozen=True)
class JourneyPage:
    events: list[TimelineEvent]
    next_cursor: str | None  # the older events; None on the last page
    first: bool


_streams: dict[str, Stream] = {}


def register(stream: Stream) -> Stream:
    _streams[stream.name] = stream
    return stream


def instant(when: datetime | date) -> datetime:
    """An aware datetime: a day without hour sorts at the local midnight that begins it."""
    if not isinstance(when, datetime):
        when = datetime.combine(when, time.min)
    return when if timezone.is_aware(when) else timezone.make_aware(when)


def position(event: TimelineEvent) -> Position:
    return (instant(event.when), event.stream, event.pk)


def events_for(
    beneficiary, membership, *, cursor: str | None = None, size: int = PAGE_SIZE
) -> JourneyPage:
    before = _read(cursor)
    pages = [
        [
            replace(stream.event(row, membership), stream=stream.name, pk=row.pk)
            for row in _older(stream, stream.rows(beneficiary, membership), before, size + 1)
        ]
        for stream in _streams.values()
    ]
    merged = list(itertools.islice(heapq.merge(*pages, key=position, reverse=True), size + 1))
    shown = merged[:size]
    more = len(merged) > size
    return JourneyPage(
        events=shown,
        next_cursor=_write(position(shown[-1])) if more else None,
        first=before is None,
    )


def _older(stream: Stream, rows: QuerySet, before: Position | None, limit: int) -> QuerySet:
    """The stream's rows after `before` in the journey's order (newest first), at most `limit`:
    the comparison, the ORDER BY and the LIMIT all run in SQL."""
    rows = rows.annotate(journey_at=F(stream.when) if isinstance(stream.when, str) else stream.when)
    if before is not None:
        at, name, pk = before
        older, same = _compare(rows.query.annotations["journey_at"].output_field, at)
        if stream.name < name:  # at the same instant, this stream's events come after
            rows = rows.filter(older | same)
        elif stream.name > name:
            rows = rows.filter(older)
        else:
            rows = rows.filter(older | (same & Q(pk__lt=pk)))
    return rows.order_by(F("journey_at").desc(), "-pk")[:limit]


def _compare(field: models.Field, at: datetime) -> tuple[Q, Q]:
    """(dated before `at`, dated exactly `at`) for a date or datetime column: a day is dated at
    its local midnight (see `instant`)."""
    if isinstance(field, models.DateTimeField) or not isinstance(field, models.DateField):
        return Q(journey_at__lt=at), Q(journey_at=at)
    local = timezone.localtime(at)
    if local.time() == time.min:
        return Q(journey_at__lt=local.date()), Q(journey_at=local.date())
    return Q(journey_at__lte=local.date()), Q(pk__in=[])


def _write(at: Position) -> str:
    instant_, name, pk = at
    raw = json.dumps([instant_.isoformat(), name, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read(cursor: str | None) -> Position | None:
    """The cursor's position; one that cannot be read (edited by hand) gives the first page."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, name, pk = json.loads(raw)
        when = datetime.fromisoformat(at)
        if not (isinstance(name, str) and type(pk) is int and timezone.is_aware(when)):
            return None
        if not -(2**63) <= pk < 2**63:
            return None
        return (when, name, pk)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
