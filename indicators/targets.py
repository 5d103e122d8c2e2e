"""Targets of a territory, read and written for several indicators at once."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Target

SPACES = (" ", "\u00a0", "\u202f", "'")


def parse_number(text) -> Decimal:
    """A number as people type it: "24", "7 800", "12,5", and "24.00" as the page or the API
    printed it. Trailing zeros are dropped, so "24.00" is the whole number 24."""
    if isinstance(text, int | Decimal):
        value = Decimal(text)
    else:
        cleaned = str(text).strip()
        for space in SPACES:
            cleaned = cleaned.replace(space, "")
        cleaned = cleaned.replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError(
                _("Saisissez un nombre, par exemple 24, 7 800 ou 12,5."), code="invalid"
            ) from None
    if not value.is_finite():
        raise ValidationError(_("Saisissez un nombre, par exemple 24, 7 800 ou 12,5."))
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_number(value) -> str:
    """How a target is shown in its field: French, without trailing zeros ("24", "12,5")."""
    if value is None or value == "":
        return ""
    try:
        number = parse_number(value)
    except ValidationError:
        return str(value)  # what the person typed, shown back as is
    return format(number, "f").replace(".", ",")


def check_year(year: int) -> int:
    """Targets are set from last year (late entry) up to five years ahead (form and API)."""
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 5:
        raise ValidationError(_("Les objectifs se fixent de l'an dernier à dans cinq ans au plus."))
    return year


def targets_by_year(territory, years) -> dict:
    """{year: {indicator code: Target}} in one query."""
    result = {year: {} for year in years}
    for target in Target.objects.filter(territory=territory, year__in=list(years)):
        result[target.year][target.indicator] = target
    return result


def save_targets(*, territory, year, values: dict, user) -> None:
    """Set the given targets (a None value removes the target) in one transaction."""
    with transaction.atomic():
        for code, value in values.items():
            if value is None:
                Target.objects.filter(territory=territory, year=year, indicator=code).delete()
            else:
                Target.objects.update_or_create(
                    territory=territory,
                    year=year,
                    indicator=code,
                    defaults={"value": value, "set_by": user},
                )
