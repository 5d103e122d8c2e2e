"""A person's journey, assembled from providers that apps register without this app knowing
them: `register(provider)` in an AppConfig.ready(); a provider takes the beneficiary and the
viewer's membership and returns TimelineEvents, with a fixed number of queries."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime | date
    kind: str  # a short machine name, e.g. "referral", "booking"; used as a CSS class
    title: str
    detail: str = ""
    url: str | None = None


Provider = Callable[..., Iterable[TimelineEvent]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _sort_key(event: TimelineEvent):
    when = event.when
    if isinstance(when, datetime):
        local = timezone.localtime(when) if timezone.is_aware(when) else when
        return (local.date(), local.time())
    return (when, time.min)


def events_for(beneficiary, membership) -> list[TimelineEvent]:
    events = [event for provider in _providers for event in provider(beneficiary, membership)]
    return sorted(events, key=_sort_key, reverse=True)
