"""Panels of an antenna's home page: what needs doing, from each app. The providers are named
here by dotted path so that this app does not import the others; each returns Panels for a
membership with a fixed number of queries (one aggregate, as a rule)."""

from dataclasses import dataclass

from django.utils.module_loading import import_string

PROVIDERS = (
    "beneficiaries.panels.home_panels",
    "services.panels.home_panels",
)


@dataclass(frozen=True)
class Panel:
    title: str
    value: int
    url: str
    detail: str = ""
    more: bool = False  # the value is a bound (mobilex.pagination.bounded_count): "plus de"


def panels_for(membership) -> list[Panel]:
    return [panel for path in PROVIDERS for panel in import_string(path)(membership)]
