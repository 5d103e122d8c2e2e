"""List the rows whose dates lie outside 1900–2100 (mobilex/bounds.py): stored before the
bounds, or behind the application's back. Nothing is repaired: a person decides."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from mobilex.bounds import FIRST_YEAR, LAST_YEAR

PROJECT_APPS = {"antennas", "beneficiaries", "services", "indicators", "mobilex"}


def out_of_range():
    """(model label, pk, field name, stored value as text) of every such row."""
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateField):  # DateTimeField included
                continue
            outside = Q(**{f"{field.name}__year__lt": FIRST_YEAR}) | Q(
                **{f"{field.name}__year__gt": LAST_YEAR}
            )
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
