"""The demo has history: Bischwiller's activity since 2021 gives the report N-1 columns and a
trend, and last year's report has small cells that secrecy protects; seeding stays fast."""

import io
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from antennas.models import Antenna, Territory
from indicators.figures import compute
from services.models import ServiceUse
from tests.indicators.factories import publish


@pytest.mark.django_db
def test_the_demo_has_years_of_history_and_secrets_to_keep(settings):
    settings.DEBUG = True
    started = time.monotonic()
    call_command("seed_demo", stdout=io.StringIO())
    assert time.monotonic() - started < 60

    bischwiller = Antenna.objects.get(slug="bischwiller")
    assert ServiceUse.objects.filter(antenna=bischwiller, used_on__year=2021).exists()
    last_year = timezone.localdate().year - 1
    petr = Territory.objects.get(antennas=bischwiller)
    publish(petr, last_year)  # the people counts the officer sees are a compiled report's
    figures = compute(year=last_year, territory=petr)
    assert figures.trend_years[0] == 2021
    for year in range(2021, last_year + 1):
        assert figures.series[year]["uses"].value > 0
        assert figures.series[year]["followed"].hidden or figures.series[year]["followed"].value > 0
    assert figures.previous["km"].value > 0
    assert sum(1 for cell in figures.people.values() if cell.hidden) >= 5
    # Betschdorf's dated statuses: rural and open from 2024 only.
    rural = {y: figures.series[y]["rural_antennas"].value for y in (2023, 2024)}
    assert rural == {2023: 0, 2024: 1}
