"""Dates and times the way they are said in French: « mardi 8 décembre à 9 h 30 »."""

from datetime import datetime

from django.utils import formats, timezone, translation


def hour(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.hour} h" if local.minute == 0 else f"{local.hour} h {local.minute:02d}"


def day(value: datetime) -> str:
    with translation.override("fr"):
        return formats.date_format(timezone.localtime(value), "l j F")


def day_and_hour(value: datetime) -> str:
    return f"{day(value)} à {hour(value)}"
