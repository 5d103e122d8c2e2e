"""Dates the French way in documents and pages: "1er décembre 2026", "1er décembre 2026 à
14:30" (the first of the month is an ordinal in French; other languages keep Django's format)."""

import re
from datetime import date, datetime

from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _


def long_date(value: date | datetime | None, pattern: str = "j F Y") -> str:
    """`pattern` starts with the day ("j F Y", "j F") or the weekday ("l j F")."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = dateformat.format(value, pattern)
    if value.day == 1 and (translation.get_language() or "fr").startswith("fr"):
        text = re.sub(r"\b1\b", "1er", text, count=1)
    return text


def long_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return _("%(day)s à %(time)s") % {"day": long_date(local), "time": f"{local:%H:%M}"}
