"""The motorised two-wheeler (scooter) gets its ADEME greenhouse-gas factor, so that its km are
no longer left out of the emissions avoided. Its fuel, like the per-passenger fuel of the bus,
the coach and the TER, has no published per-km factor: the report lists those km "sans
facteur" (indicators.figures.presentation.without_factor) instead of inventing one."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = "ADEME, Impact CO2 – données « déplacement » (Base Empreinte)"
VERSION = "Base Empreinte, mise à jour du 16/10/2025"
VALID_FROM = date(2021, 1, 1)


def seed(apps, schema_editor):
    apps.get_model("indicators", "EmissionFactor").objects.get_or_create(
        mode="scooter",
        quantity="co2e",
        valid_from=VALID_FROM,
        defaults={
            "value": Decimal("0.0763"),
            "unit": "kgCO2e/km",
            "per_occupant": False,
            "source": SOURCE,
            "version": VERSION,
            "notes": "Scooter ou moto légère thermique (par véhicule, conducteur seul).",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("indicators", "EmissionFactor").objects.filter(
        mode="scooter", quantity="co2e", valid_from=VALID_FROM, source=SOURCE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0008_merge_0003_reference_modes_0007_yearly_rollup_of_uses")]

    operations = [migrations.RunPython(seed, unseed)]
