"""Dates accepted only in a plausible range (DESIGN.md: 1900–2100 at every edge), so that
nothing unreadable is stored and no date arithmetic overflows (a week after 31/12/9999)."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 1900, 2100


def plausible_date(value: date | datetime) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Date hors de la plage acceptée (%(first)s–%(last)s).")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def clamp(day: date) -> date:
    """A day from a link (?week=…) brought back into the plausible range."""
    return min(max(day, date(FIRST_YEAR, 1, 1)), date(LAST_YEAR, 12, 31))


def guard_dates(*form_classes) -> None:
    """Every date and date-time field of these forms refuses an implausible date."""
    for form_class in form_classes:
        for field in form_class.base_fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(plausible_date)
