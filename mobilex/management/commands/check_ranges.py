"""List the rows whose dates lie outside 1900–2100 (mobilex/bounds.py): stored before the
bounds, or behind the application's back. Date and datetime columns, and both bounds of the
range columns (a booking's period). Nothing is repaired: a person decides."""

import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.fields import RangeField
from django.core.management.base import BaseCommand
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from mobilex.bounds import FIRST_YEAR, LAST_YEAR


def _project_models():
    """Models of the project's own apps (not of the installed packages)."""
    base, packages = Path(settings.BASE_DIR), Path(sys.prefix)
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.is_relative_to(base) and not path.is_relative_to(packages):
            yield from config.get_models()


def _outside(lookup: str) -> Q:
    return Q(**{f"{lookup}__year__lt": FIRST_YEAR}) | Q(**{f"{lookup}__year__gt": LAST_YEAR})


def _bounded_lookups(field) -> list[str]:
    """The lookups of a field's dates: itself, or both bounds of a range of dates."""
    if isinstance(field, models.DateField):  # DateTimeField included
        return [field.name]
    if isinstance(field, RangeField) and isinstance(field.base_field, models.DateField):
        return [f"{field.name}__startswith", f"{field.name}__endswith"]
    return []


def out_of_range():
    """(model label, pk, field name, stored value as text) of every such row."""
    for model in _project_models():
        for field in model._meta.concrete_fields:
            lookups = _bounded_lookups(field)
            if not lookups:
                continue
            outside = Q()
            for lookup in lookups:
                outside |= _outside(lookup)
            # The value is read as text: such an instant may not convert to a Python datetime.
            rows = (
                model._base_manager.filter(outside)
                .annotate(_as_text=Cast(field.name, models.TextField()))
                .values_list("pk", "_as_text")
                .order_by("pk")
            )
            for pk, text in rows:
                yield model._meta.label, pk, field.name, text


class Command(BaseCommand):
    help = "List the rows whose dates lie outside 1900–2100 (nothing is changed)."

    def handle(self, *args, **options):
        count = 0
        for label, pk, name, text in out_of_range():
            count += 1
            self.stdout.write(f"{label} #{pk} {name} = {text}")
        self.stdout.write(f"{count} row(s) out of range.")
        return None
