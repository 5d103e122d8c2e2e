"""French dates in every template (a builtin library, see settings.TEMPLATES): `|long_date`
writes "1er décembre 2026", `|long_date:"j F Y H:i"` "1er décembre 2026 16:17",
`|long_datetime` "1er décembre 2026 à 16:17" — Django's `date` filter writes "1 décembre"."""

from datetime import date, datetime

from django import template

from mobilex import formats

register = template.Library()


@register.filter
def long_date(value, pattern: str = "j F Y") -> str:
    return formats.long_date(value, pattern) if isinstance(value, date) else ""


@register.filter
def long_datetime(value) -> str:
    return formats.long_datetime(value) if isinstance(value, datetime) else ""
