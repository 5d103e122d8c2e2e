from django import template

from billing.money import euros as format_euros
from mobilex import formats

register = template.Library()


@register.filter
def euros(value) -> str:
    """1234.5 → "1 234,50 €"."""
    return format_euros(value)


@register.filter
def absolute(value):
    """An advance is shown as a positive amount next to its word."""
    return abs(value)


@register.filter
def long_date(value) -> str:
    """A date or a moment → "1er décembre 2026"."""
    return formats.long_date(value)


@register.filter
def long_datetime(value) -> str:
    """A moment → "1er décembre 2026 à 14:30"."""
    return formats.long_datetime(value)
