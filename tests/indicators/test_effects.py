"""Effects that drop nothing: every use's km count; the effects of a use whose mode or reference
has no factor are left out, and the report says exactly how many km, by mode. Numbers computed
by hand from the factors seeded by the migrations (ADEME Impact CO2, 6,5 l/100 km car)."""

from decimal import Decimal

import pytest

from indicators.figures import compute
from indicators.pdf import report_context
from tests.indicators.factories import BeneficiaryFactory, ServiceUseFactory

YEAR = 2025


@pytest.fixture
def uses(world):
    person = BeneficiaryFactory(antenna=world.antenna)

    def use(km, mode, reference, occupants=1, service="ebike_rental"):
        ServiceUseFactory(
            antenna=world.antenna,
            beneficiary=person,
            service=service,
            km=km,
            mode=mode,
            reference_mode=reference,
            occupants=occupants,
        )

    use(100, "ebike", "bus")
    use(50, "ebike", "car_thermal")
    use(20, "scooter", "car_thermal", service="scooter_rental")
    use(30, "carpool", "car_thermal", occupants=2, service="carpooling")
    use(8, "ebike", "unknown")


def test_every_km_counts_and_the_effects_are_computed_by_hand(uses, world):
    figures = compute(year=YEAR, territory=world.territory, protected=False)
    current = figures.current
    assert current["km"].value == 208

    # kgCO2e: 100 × (0,1224 − 0,0110) = 11,14 ; 50 × (0,2176 − 0,0110) = 10,33 ;
    # 20 × (0,2176 − 0,0763) = 2,826 ; 30 × (0,2176 − 0,2176 / 2) = 3,264 → 27,56 kg.
    assert current["co2e_avoided"].value == Decimal("0.02756")
    # Litres: the bus and the scooter have no fuel factor; 50 × 0,065 = 3,25 ;
    # 30 × (0,065 − 0,065 / 2) = 0,975 → 4,225 l, 42,25 kWh.
    assert current["fuel_avoided"].value == Decimal("4.225")
    assert current["energy_avoided"].value == Decimal("42.25")

    without = {row["quantity"]: row for row in figures.without_factor}
    assert without["co2e"]["km"] == 8  # the unknown reference only
    assert [(m["mode"], m["km"]) for m in without["co2e"]["modes"]] == [("Inconnu", 8)]
    assert figures.unfactored_km == 8
    assert without["fuel"]["km"] == 128
    assert [(m["mode"], m["km"]) for m in without["fuel"]["modes"]] == [
        ("Bus urbain thermique", 100),
        ("Deux-roues motorisé thermique", 20),
        ("Inconnu", 8),
    ]


def test_the_report_lists_the_km_without_factor_and_every_factor(uses, world):
    from django.template.loader import render_to_string

    figures = compute(year=YEAR, territory=world.territory)
    html = render_to_string("indicators/report/report.html", report_context(figures))
    assert "128 km sont comptés dans les km parcourus mais pas dans le carburant" in html
    assert "8 km sont comptés dans les km parcourus mais pas dans les émissions évitées" in html
    assert "Deux-roues motorisé thermique" in html
    assert "0,0763" in html  # the scooter's factor, listed in the annex with its source
    assert "applique qu'à la voiture thermique" in html


def test_the_api_gives_the_km_without_factor(client, uses, world):
    client.force_login(world.officer)
    body = client.get("/api/t/petr-test/indicators/figures/?year=2025").json()
    assert body["km_without_factor"]["fuel"]["km"] == 128
    assert body["km_without_factor"]["co2e"] == {
        "km": 8,
        "modes": [{"mode": "unknown", "label": "Inconnu", "km": 8}],
    }
