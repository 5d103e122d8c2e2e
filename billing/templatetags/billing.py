from django import template

from billing.money import euros as format_euros

register = template.Library()


@register.filter
def euros(value) -> str:
    """1234.5 → "1 234,50 €"."""
    return format_euros(value)


@register.filter
def absolute(value):
    """An advance is shown as a positive amount next to its word."""
    return abs(value)
