"""French formatting of figures and protected cells, for pages and PDFs alike."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from mobilex.formats import long_date

register = template.Library()


def fr_number(value, decimals=0):
    """1 234,5 in French (the locale's grouping), whatever the active language's settings."""
    if value is None:
        return "—"
    value = Decimal(value).quantize(Decimal(1).scaleb(-decimals)) if decimals else round(value)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def number(value, decimals=0):
    return fr_number(value, int(decimals))


@register.filter
def cell(value):
    """A Cell: its secrecy label, or its number with its decimals."""
    if value is None:
        return "—"
    return value.label or fr_number(value.value, value.decimals)


@register.filter
def number_or_label(value):
    """A published form: a secrecy label as it is, a number the French way."""
    return value if isinstance(value, str) else fr_number(value)


@register.filter
def progress(value, target):
    """Share of the target reached, in %, or None where it cannot be said."""
    if target is None or value is None or getattr(value, "hidden", False) or not target.value:
        return None
    return fr_number(Decimal(value.value) * 100 / target.value, 0)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def fr_date(value) -> str:
    """ "1er décembre 2025", "2 décembre 2025" (mobilex.formats)."""
    return long_date(value)
