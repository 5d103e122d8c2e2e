"""Inputs bounded at the edge, in one place: every date and datetime accepted by a form, the API
or model validation lies in 1900–2100 (a year 1 check-out stored an instant Python can no longer
read), and every text a form takes has a length limit. Installed once at start-up on the field
classes themselves (`install`, from MobilexConfig.ready), so no form or serializer has to ask."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

FIRST_YEAR, LAST_YEAR = 1900, 2100
# Longest free text a form takes (a note, a reason); fields with their own max_length keep it.
MAX_TEXT = 10_000
MAX_EMAIL = 254  # RFC 5321, and the length of every EmailField column
# Amounts and distances: the smallest capacity of the money and km columns (max_digits 9 with
# 2 places); fields with their own max_digits keep their tighter limit.
MAX_DECIMAL = Decimal("9999999.99")
MAX_INTEGER = 2_147_483_647  # PostgreSQL integer


@deconstructible
class PlausibleDate:
    message = _("Saisissez une date entre %(first)s et %(last)s.")
    code = "date_out_of_range"

    def __call__(self, value):
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                self.message, code=self.code, params={"first": FIRST_YEAR, "last": LAST_YEAR}
            )

    def __eq__(self, other):
        return isinstance(other, PlausibleDate)


@deconstructible
class BoundedText:
    """Like MaxLengthValidator, for the form fields that declared no max_length."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value):
        if isinstance(value, str):
            MaxLengthValidator(self.limit)(value)

    def __eq__(self, other):
        return isinstance(other, BoundedText) and other.limit == self.limit


@deconstructible
class BoundedNumber:
    message = _("Saisissez un nombre entre -%(limit)s et %(limit)s.")
    code = "number_out_of_range"

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, value):
        if value is not None and abs(value) > self.limit:
            raise ValidationError(self.message, code=self.code, params={"limit": self.limit})

    def __eq__(self, other):
        return isinstance(other, BoundedNumber) and other.limit == self.limit


plausible_date = PlausibleDate()


def clamp(day: date) -> date:
    """A day from a link (?week=…) brought back into the plausible range."""
    return min(max(day, date(FIRST_YEAR, 1, 1)), date(LAST_YEAR, 12, 31))


def install() -> None:
    for field_class in (
        forms.DateField,
        forms.DateTimeField,
        models.DateField,  # models.DateTimeField inherits it
        serializers.DateField,
        serializers.DateTimeField,
    ):
        field_class.default_validators = [*field_class.default_validators, plausible_date]
    forms.CharField.default_validators = [BoundedText(MAX_TEXT)]
    forms.EmailField.default_validators = [
        *forms.EmailField.default_validators,
        BoundedText(MAX_EMAIL),
    ]
    serializers.EmailField.default_validators = [BoundedText(MAX_EMAIL)]
    for field_class, limit in (
        (forms.DecimalField, MAX_DECIMAL),
        (serializers.DecimalField, MAX_DECIMAL),
        (forms.IntegerField, MAX_INTEGER),
        (serializers.IntegerField, MAX_INTEGER),
    ):
        _bound_unless_declared(field_class, limit)


def _bound_unless_declared(field_class, limit) -> None:
    """A number field that declares no maximum of its own gets the column's (its own limit,
    and its own message, win otherwise)."""
    original = field_class.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        # forms.DecimalField is an IntegerField: only the most specific bound applies.
        nearest = next(c for c in type(self).__mro__ if c in _BOUNDED)
        declared = self.max_value is not None or getattr(self, "max_digits", None) is not None
        if nearest is field_class and not declared:
            self.validators.append(BoundedNumber(limit))

    if field_class in _BOUNDED:  # installed once, even if ready() runs twice
        return
    _BOUNDED.add(field_class)
    field_class.__init__ = __init__


_BOUNDED: set[type] = set()
