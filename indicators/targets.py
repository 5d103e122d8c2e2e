"""Targets of a territory, read and written for several indicators at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Target


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
