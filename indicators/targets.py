"""Targets of a territory, read and written for several indicators at once."""

from django.db import transaction

from indicators.models import Target


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
