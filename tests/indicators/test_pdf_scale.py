"""The PDF of a territory of 500 antennas renders in under 5 s (issue 11): the people tables
give the territory's total, the antennas are listed by EPCI and their figures given once."""

import time
from datetime import date

import pytest

from antennas.models import Antenna, Commune
from beneficiaries.models import Beneficiary
from indicators.figures import compute
from indicators.pdf import render_report
from services.models import ServiceUse
from tests.factories import TerritoryFactory

ANTENNAS = 500


@pytest.fixture
def large_territory(db):
    territory = TerritoryFactory(name="Grand territoire", slug="grand-territoire")
    communes = list(Commune.objects.of_territory_file().order_by("insee_code")[:40])
    antennas = Antenna.objects.bulk_create(
        Antenna(
            territory=territory,
            name=f"Antenne {n:03d}",
            slug=f"grande-{n:03d}",
            commune=communes[n % len(communes)],
            status=Antenna.Status.OPERATING,
        )
        for n in range(ANTENNAS)
    )
    people = Beneficiary.objects.bulk_create(
        Beneficiary(
            antenna=a,
            last_name=f"Nom{a.pk}-{i}",
            first_name="Prénom",
            birth_date=date(1980 + i, 5, 1),
            gender="fm"[i % 2],
            commune=a.commune,
            situation="job_seeker",
            licence="none",
            status=Beneficiary.Status.ACTIVE,
            entry_date=date(2025, 1 + i, 3),
        )
        for a in antennas
        for i in range(3)
    )
    ServiceUse.objects.bulk_create(
        ServiceUse(
            antenna_id=p.antenna_id,
            beneficiary=p,
            service="ebike_rental",
            used_on=date(2025, 6, 1),
            km=12,
            mode="ebike",
            reference_mode="car_thermal",
            source_model="scale",
            source_id=p.pk,
        )
        for p in people
    )
    return territory


def test_the_report_of_500_antennas_renders_in_under_5_seconds(large_territory):
    figures = compute(year=2025, territory=large_territory)
    times = []
    for _ in range(2):  # the first render of a process also loads the fonts (a worker's once)
        started = time.monotonic()
        pdf = render_report(figures)
        times.append(time.monotonic() - started)
    print(f"\nPDF of {ANTENNAS} antennas: first {times[0]:.2f} s, then {times[1]:.2f} s")
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") < 40
    assert times[1] < 5
