"""Dates and times the way they are said in French (« mardi 8 décembre à 9 h 30 »), and an
antenna's own wording filled in."""

import re
from datetime import datetime

from django.utils import timezone, translation

from mobilex.formats import long_date


def hour(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.hour} h" if local.minute == 0 else f"{local.hour} h {local.minute:02d}"


def day(value: datetime) -> str:
    with translation.override("fr"):
        return long_date(timezone.localtime(value), "l j F")


def day_and_hour(value: datetime) -> str:
    return f"{day(value)} à {hour(value)}"


VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def unknown_variables(text: str, known) -> list[str]:
    """Names in {{ … }} that are not variables of the message, and any other template tag: an
    antenna's wording is plain text with variables, never template code."""
    names = [name for name in VARIABLE.findall(text) if name not in known]
    leftovers = VARIABLE.sub("", text)
    return names + (["{%"] if "{%" in leftovers or "{{" in leftovers else [])


def fill(text: str, context: dict) -> str:
    return VARIABLE.sub(lambda match: str(context.get(match.group(1), "")), text).strip()
