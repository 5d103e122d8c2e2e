"""Load the communes that the project carries (antennas/data/communes.csv)."""

import csv
from decimal import Decimal
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "communes.csv"
PETR_SLUG = "petr-alsace-du-nord"


def read_rows():
    with DATA_FILE.open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def load_communes(commune_model) -> int:
    """Create or update every commune; idempotent. Works with a migration's historical model."""
    from antennas.text import normalise

    count = 0
    for row in read_rows():
        commune_model.objects.update_or_create(
            insee_code=row["insee_code"],
            defaults={
                "name": row["name"],
                "search_name": normalise(row["name"]),
                "postal_code": row["postal_code"],
                "postal_codes": row["postal_codes_all"].replace(";", ", "),
                "epci_siren": row["epci_siren"],
                "epci_name": row["epci_name"],
                "latitude": Decimal(row["latitude"]),
                "longitude": Decimal(row["longitude"]),
                "population": int(row["population"]),
                "population_year": int(row["population_year"]),
                "density_level": int(row["grille_densite"]),
                "density_label": row["grille_densite_label"],
                "siren": row["commune_siren"],
            },
        )
        count += 1
    return count


def petr_insee_codes() -> list[str]:
    return [row["insee_code"] for row in read_rows() if row["in_petr"] == "true"]
