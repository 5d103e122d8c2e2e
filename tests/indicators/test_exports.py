"""Downloads: the CSV's numbers read as numbers whatever the interface language, and the same
tables as XLSX, for the territory (protected) and for an antenna (its own exact figures)."""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

import pytest
from openpyxl import load_workbook

from tests.indicators.factories import BeneficiaryFactory, ServiceUseFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(world):
    for antenna, count in ((world.antenna, 14), (world.neighbour, 3)):
        for i in range(count):
            person = BeneficiaryFactory(antenna=antenna, entry_date=date(2025, 2, 1))
            ServiceUseFactory(antenna=antenna, beneficiary=person, km=1234 + i / 2)
    publish(world.territory, 2025)


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_numbers_are_plain_whatever_the_language(client, world, activity):
    client.force_login(world.officer)
    for language in ("fr", "en"):
        response = client.get(
            "/t/petr-test/indicateurs/export.csv?annee=2025", HTTP_ACCEPT_LANGUAGE=language
        )
        km = next(row for row in _csv_rows(response) if row[:1] == ["km"])
        # 17 uses of 1 234 km plus halves: 14 × 1234 + 0,5 × (0+…+13) + 3 × 1234 + 0,5 × 3
        assert km[-1] == "21025"  # rounded to the km, no grouping space or comma
        co2e = next(row for row in _csv_rows(response) if row[:1] == ["co2e_avoided"])
        assert "," in co2e[-1] and " " not in co2e[-1] and "." not in co2e[-1]


def test_xlsx_has_the_same_tables_as_the_csv(client, world, activity):
    client.force_login(world.officer)
    csv_rows = _csv_rows(client.get("/t/petr-test/indicateurs/export.csv?annee=2025"))
    response = client.get("/t/petr-test/indicateurs/export.xlsx?annee=2025")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    xlsx_rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert len(xlsx_rows) == len(csv_rows)
    uses = next(row for row in xlsx_rows if row[:1] == ["uses"])
    assert uses[-1] == 17 and isinstance(uses[-1], int)
    assert any("< 11" in row for row in xlsx_rows)  # Antenne B's 3 people stay hidden
    for got, expected in zip(xlsx_rows, csv_rows, strict=True):
        assert [_read(v) for v in got] == [_read(v) for v in expected if v != ""]


def _read(value):
    """A number whichever way it was written (CSV text with a decimal comma, XLSX number)."""
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        return value


def test_the_antenna_gets_its_own_xlsx_and_no_other(client, world, activity):
    client.force_login(world.manager)
    response = client.get("/a/antenne-a/indicateurs/export.xlsx?annee=2025")
    sheet = load_workbook(io.BytesIO(response.content)).active
    followed = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "followed")
    assert [v for v in followed if v is not None][-1] == 14
    client.force_login(world.neighbour_manager)
    assert client.get("/a/antenne-a/indicateurs/export.xlsx?annee=2025").status_code == 404
