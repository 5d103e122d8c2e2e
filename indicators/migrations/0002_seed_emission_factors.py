"""Emission factors of DOMAIN.md: Impact CO2 (ADEME), `deplacement` data from Base Empreinte,
16 Oct 2025, kgCO2e per km, construction and energy included. In force from 2021-01-01 so that the
whole PCAET series (2021–2027) is computed with one coherent set; newer versions are added in the
admin with a later `valid_from`."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = "ADEME, Impact CO2 – données « déplacement » (Base Empreinte)"
VERSION = "Base Empreinte, mise à jour du 16/10/2025"
VALID_FROM = date(2021, 1, 1)

CO2E = [
    # mode, kgCO2e/km, per occupant, notes
    ("car_thermal", "0.2176", False, "Voiture thermique, conducteur seul (par véhicule)."),
    (
        "carpool",
        "0.2176",
        True,
        "Facteur de la voiture thermique divisé par les personnes à bord "
        "(0,1088 par personne avec un passager).",
    ),
    ("car_electric", "0.1034", False, ""),
    ("ebike", "0.0110", False, ""),
    ("coach", "0.0376", False, "Car interurbain."),
    ("bus", "0.1224", False, "Bus urbain thermique."),
    ("train", "0.0277", False, "TER."),
    ("bike", "0", False, ""),
    ("walk", "0", False, ""),
    (
        "none",
        "0",
        False,
        "La personne ne se serait pas déplacée : le déplacement est induit, ses émissions "
        "comptent en négatif.",
    ),
]

# Fuel: a documented assumption, editable in the admin. Energy = litres × 10 kWh (ADEME,
# Territoires en Transitions).
FUEL_SOURCE = (
    "Hypothèse Mobilex : 6,5 l/100 km, ordre de grandeur de la consommation moyenne du parc de "
    "voitures particulières en France (SDES) ; à ajuster dans l'administration"
)
FUEL = [
    ("car_thermal", "0.065", False),
    ("carpool", "0.065", True),
    ("car_electric", "0", False),
    ("ebike", "0", False),
    ("bike", "0", False),
    ("walk", "0", False),
    ("none", "0", False),
]


def seed(apps, schema_editor):
    factor = apps.get_model("indicators", "EmissionFactor")
    for mode, value, per_occupant, notes in CO2E:
        factor.objects.get_or_create(
            mode=mode,
            quantity="co2e",
            valid_from=VALID_FROM,
            defaults={
                "value": Decimal(value),
                "unit": "kgCO2e/km",
                "per_occupant": per_occupant,
                "source": SOURCE,
                "version": VERSION,
                "notes": notes,
            },
        )
    for mode, value, per_occupant in FUEL:
        factor.objects.get_or_create(
            mode=mode,
            quantity="fuel",
            valid_from=VALID_FROM,
            defaults={
                "value": Decimal(value),
                "unit": "l/km",
                "per_occupant": per_occupant,
                "source": FUEL_SOURCE,
                "version": "2025",
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("indicators", "EmissionFactor").objects.filter(valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
