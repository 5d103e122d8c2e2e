"""Dates and amounts the French way in billing's pages, PDFs and exports."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import translation

from billing.money import euros
from mobilex.formats import long_date, long_datetime


def test_the_first_of_the_month_is_an_ordinal_in_french():
    with translation.override("fr"):
        assert long_date(date(2026, 12, 1)) == "1er décembre 2026"
        assert long_date(date(2026, 12, 2)) == "2 décembre 2026"
        assert long_date(date(2027, 1, 11)) == "11 janvier 2027"
        assert long_datetime(datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))) == (
            "1er décembre 2026 à 00:30"  # in Paris, already the first
        )
    with translation.override("en"):
        assert long_date(date(2026, 12, 1)) == "1 December 2026"
    assert long_date(None) == ""


def test_amounts():
    assert euros(Decimal("380")) == "380,00\u00a0€"
    assert euros(Decimal("1234.5")) == "1\u00a0234,50\u00a0€"
    assert euros(Decimal("-24.5")) == "-24,50\u00a0€"
