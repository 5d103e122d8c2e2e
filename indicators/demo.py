"""Demo data of the indicators: the PETR's targets from 2021 to next year, the association
details of the Betschdorf antenna, and the reports of the last two years already compiled.
Runs after the beneficiaries and services seeders, whose rows the figures read; idempotent."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from indicators.catalogue import FIRST_YEAR, INDICATORS
from indicators.figures import compute
from indicators.models import AssociationProfile, Report, Target
from indicators.reports import compile_report_file

# Indicators the PETR sets targets on, with a fallback when a year has no activity yet.
TARGETED = {
    "events": 6,
    "event_structures": 8,
    "rural_antennas": 2,
    "followed": 120,
    "new": 60,
    "uses": 800,
    "users": 90,
    "exits_job": 20,
    "km": 20000,
    "co2e_avoided": 2,
    "energy_avoided": 8000,
}


def seed(network, rng):
    petr = network.petr
    if Target.objects.filter(territory=petr).exists():
        return
    this_year = timezone.localdate().year
    decimals = {indicator.code: indicator.decimals for indicator in INDICATORS}
    targets = []
    for year in range(FIRST_YEAR, this_year + 2):
        actual = compute(year=min(year, this_year), territory=petr, protected=False).current
        for code, fallback in TARGETED.items():
            value = Decimal(actual[code].value or 0)
            # Past years: targets that were sometimes met, sometimes not; ahead: growth.
            ratio = Decimal(rng.choice(["0.9", "1.05", "1.15", "1.25"]))
            if year > this_year:
                ratio = Decimal("1.2")
            target = value * ratio if value else Decimal(fallback)
            step = Decimal(1).scaleb(-decimals[code])
            targets.append(
                Target(
                    territory=petr,
                    year=year,
                    indicator=code,
                    value=max(target, step).quantize(step, rounding=ROUND_HALF_UP),
                )
            )
    Target.objects.bulk_create(targets)
    AssociationProfile.objects.get_or_create(
        antenna=network.betschdorf,
        defaults={
            "name": "MOBILEX – La mobilité contre l'exclusion",
            "rna_number": "W672001234",
            "address": "12 rue du Général Leclerc, 67240 Bischwiller",
            "employees": 9,
            "volunteers": 23,
            "members": 310,
            "contribution_rule": "0,32 € par km parcouru (plafond légal), cotisation de 2 € par an",
            "passenger_rules": (
                "Réservation 48 h à l'avance par téléphone ou à l'antenne ; trajets de 100 km au "
                "plus, dans le territoire ou vers un pôle multimodal voisin ; accompagnement "
                "possible jusqu'à la porte."
            ),
        },
    )
    # The year before first, so that last year's report is audited against a published one.
    for year in (this_year - 2, this_year - 1):
        report = Report.objects.create(territory=petr, year=year)
        compile_report_file(report_id=report.pk)
