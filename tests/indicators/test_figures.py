"""The figures against an independent computation from the raw rows of a generated dataset."""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest

from indicators.figures import TOTAL, compute
from indicators.secrecy import THRESHOLD
from tests.factories import AntennaFactory
from tests.indicators.factories import (
    BeneficiaryFactory,
    ProfessionalEventFactory,
    ServiceUseFactory,
    publish,
)

YEAR = 2025
CO2E = {  # DOMAIN.md, kgCO2e/km, typed here rather than read from the table
    "car_thermal": Decimal("0.2176"),
    "car_electric": Decimal("0.1034"),
    "ebike": Decimal("0.0110"),
    "scooter": Decimal("0.0763"),
    "coach": Decimal("0.0376"),
    "bus": Decimal("0.1224"),
    "train": Decimal("0.0277"),
    "bike": Decimal(0),
    "walk": Decimal(0),
    "none": Decimal(0),
}


def co2e(mode, occupants, reference=False):
    if mode == "carpool":
        return CO2E["car_thermal"] / (2 if reference else max(occupants, 1))
    return CO2E.get(mode)


def age_band(birth, year):
    age = year - birth.year - ((birth.month, birth.day) > (12, 31))
    if age < 26:
        return "under_26"
    if age < 50:
        return "26_49"
    return "50_64" if age < 65 else "65_plus"


def expected_people(people, year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    followed = [
        p for p in people if p.entry_date <= end and (p.exit_date is None or p.exit_date >= start)
    ]
    exited = [p for p in people if p.exit_date and start <= p.exit_date <= end]
    return followed, exited


def test_headline_figures_match_the_raw_rows(dataset, world):
    figures = compute(year=YEAR, territory=world.territory, protected=False)
    followed, exited = expected_people(dataset["people"], YEAR)
    uses = [u for u in dataset["uses"] if u.used_on.year == YEAR]
    current = figures.current

    assert current["followed"].value == len(followed)
    assert current["new"].value == sum(1 for p in followed if p.entry_date.year == YEAR)
    assert current["continuing"].value == sum(1 for p in followed if p.entry_date.year < YEAR)
    assert current["exits"].value == len(exited)
    assert current["exits_job"].value == sum(
        1 for p in exited if p.exit_outcome in ("durable_job", "transition_job", "training")
    )
    assert current["rural_beneficiaries"].value == sum(
        1 for p in followed if p.antenna.commune.density_level >= 5
    )
    assert current["uses"].value == len(uses)
    assert current["users"].value == len({u.beneficiary_id for u in uses if u.beneficiary_id})
    assert current["km"].value == sum(u.km for u in uses)
    assert current["services_deployed"].value == len({u.service for u in uses})

    kg = sum(
        u.km * (co2e(u.reference_mode, 1, reference=True) - co2e(u.mode, u.occupants))
        for u in uses
        if co2e(u.mode, u.occupants) is not None
        and co2e(u.reference_mode, 1, reference=True) is not None
    )
    assert current["co2e_avoided"].value == pytest.approx(kg / 1000, abs=Decimal("1e-6"))
    assert figures.unfactored_km == sum(u.km for u in uses if u.reference_mode == "unknown")
    fuel = {"car_thermal": Decimal("0.065"), "ebike": 0, "car_electric": 0, "walk": 0, "none": 0}

    def litres_per_km(mode, occupants, reference=False):
        if mode == "carpool":
            return fuel["car_thermal"] / (2 if reference else occupants)
        return fuel.get(mode)

    with_fuel = [
        u
        for u in uses
        if litres_per_km(u.mode, u.occupants) is not None
        and litres_per_km(u.reference_mode, 1, reference=True) is not None
    ]
    litres = sum(
        u.km
        * (litres_per_km(u.reference_mode, 1, reference=True) - litres_per_km(u.mode, u.occupants))
        for u in with_fuel
    )
    without_fuel = {row["quantity"]: row["km"] for row in figures.without_factor}["fuel"]
    assert without_fuel == sum(u.km for u in uses) - sum(u.km for u in with_fuel) > 0
    assert current["fuel_avoided"].value == pytest.approx(litres, abs=Decimal("1e-6"))
    assert current["energy_avoided"].value == pytest.approx(litres * 10, abs=Decimal("1e-5"))

    assert current["events"].value == 2
    assert current["event_structures"].value == 3
    assert current["event_epcis"].value == 2
    assert current["event_participants"].value == 10 + 20
    assert current["rural_antennas"].value == 2  # A and D in Betschdorf; B is urban
    assert figures.previous["events"].value == 1


def test_breakdowns_by_antenna_match_the_raw_rows(dataset, world):
    figures = compute(year=YEAR, territory=world.territory, protected=False)
    followed, exited = expected_people(dataset["people"], YEAR)
    cells = figures.people
    for antenna in dataset["antennas"]:
        mine = [p for p in followed if p.antenna_id == antenna.pk]
        assert cells[("followed", antenna.pk)].value == len(mine)
        for gender, n in Counter(p.gender for p in mine).items():
            assert cells[("gender", gender, antenna.pk)].value == n
        for band, n in Counter(age_band(p.birth_date, YEAR) for p in mine).items():
            assert cells[("age", band, antenna.pk)].value == n
        for situation, n in Counter(p.situation for p in mine).items():
            assert cells[("situation", situation, antenna.pk)].value == n
        rural = sum(1 for p in mine if p.commune.density_level >= 5)
        assert cells[("residence", "rural", antenna.pk)].value == rural
        for outcome, n in Counter(p.exit_outcome for p in exited if p.antenna == antenna).items():
            assert cells[("exit", outcome, antenna.pk)].value == n
    users = defaultdict(set)
    for u in dataset["uses"]:
        if u.used_on.year == YEAR and u.beneficiary_id and u.antenna.territory == world.territory:
            users[u.service].add(u.beneficiary_id)
    for service in figures.services:
        assert service["users"].value == len(users[service["code"]])
    months = Counter(u.used_on.month for u in dataset["uses"] if u.used_on.year == YEAR)
    far = [u for u in dataset["uses"] if u.antenna == world.far_antenna]
    assert not far  # the far antenna's use is not in the dataset's list
    assert [m["uses"] for m in figures.months] == [months.get(m, 0) for m in range(1, 13)]


def test_secrecy_hides_small_counts_and_nothing_can_be_recomputed(dataset, world):
    raw = compute(year=YEAR, territory=world.territory, protected=False).people
    publish(world.territory, YEAR)
    shown = compute(year=YEAR, territory=world.territory, protected=True).people
    assert raw.keys() == shown.keys()
    small = [key for key, cell in raw.items() if 0 < cell.value < THRESHOLD]
    assert len(small) > 10, "the dataset must contain small cells"
    for key, cell in shown.items():
        if 0 < raw[key].value < THRESHOLD:
            assert cell.hidden and cell.label == "< 11", key
        elif not cell.hidden:
            assert cell.value == raw[key].value
    assert any(cell.hidden and not cell.primary for cell in shown.values()), "no secondary cell"

    # The reader knows how the published tables add up: rows, columns and their totals.
    antennas = [a.pk for a in dataset["antennas"]]
    dims = {}
    for key in raw:
        if len(key) == 3:
            dims.setdefault(key[0], set()).add(key[1])
    lines = []
    margin = {"exit": "exits", "users": "users_any"}
    for dim, codes in dims.items():
        total = margin.get(dim, "followed")
        for code in codes:
            lines.append(([(dim, code, a) for a in antennas], (dim, code, TOTAL)))
        if dim != "users":  # a person may use several services
            for a in antennas + [TOTAL]:
                lines.append(([(dim, code, a) for code in codes], (total, a)))
    for total in ("followed", "exits", "users_any"):
        lines.append(([(total, a) for a in antennas], (total, TOTAL)))
    known = {key: raw[key].value for key, cell in shown.items() if not cell.hidden}
    solved = True
    while solved:
        solved = False
        for parts, total in lines:
            unknown = [k for k in parts + [total] if k not in known]
            if len(unknown) == 1:
                k = unknown[0]
                if k == total:
                    known[k] = sum(known[p] for p in parts)
                else:
                    known[k] = known[total] - sum(known[p] for p in parts if p != k)
                solved = True
    recovered = [key for key in small if key in known]
    assert not recovered, f"recomputable hidden cells: {recovered}"
    for parts, total in lines:
        if total in known:
            hidden_sum = known[total] - sum(known[p] for p in parts if p in known)
            assert hidden_sum == 0 or hidden_sum >= THRESHOLD, (parts, total, hidden_sum)


def test_a_year_without_data_is_empty_not_an_error(world):
    figures = compute(year=2022, territory=world.territory)
    assert not figures.has_data
    # No compiled report: the people counts are not published, the others are live zeros.
    assert not figures.published and figures.current["followed"].unpublished
    assert figures.current["uses"].value == 0
    publish(world.territory, 2022)
    figures = compute(year=2022, territory=world.territory)
    assert figures.published and figures.current["followed"].value == 0


def test_people_counts_are_those_of_the_latest_compiled_report_not_live(dataset, world):
    publish(world.territory, YEAR)
    before = compute(year=YEAR, territory=world.territory).current["followed"]
    BeneficiaryFactory(antenna=world.antenna, entry_date=date(YEAR, 6, 1))
    assert compute(year=YEAR, territory=world.territory).current["followed"] == before
    publish(world.territory, YEAR)
    after = compute(year=YEAR, territory=world.territory).current["followed"]
    assert after.hidden or after.value == before.value + 1


def test_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    antennas = [world.antenna, world.neighbour]
    # antennas 1, factors 1, collect 15 (no live people counts), the published counts 1
    with django_assert_num_queries(18):
        compute(year=YEAR, territory=world.territory)
    with django_assert_num_queries(20):  # antennas 1, factors 1, collect 18 with the people
        compute(year=YEAR, territory=world.territory, protected=False)
    for antenna in antennas:
        for i in range(30):
            person = BeneficiaryFactory(antenna=antenna)
            ServiceUseFactory(antenna=antenna, beneficiary=person, km=i)
        ProfessionalEventFactory(antenna=antenna, structures=[world.structure])
    AntennaFactory(territory=world.territory)
    with django_assert_num_queries(18) as run:
        compute(year=YEAR, territory=world.territory)
    # the uses are read from their rollups, whatever their number, never from the raw table;
    # published figures never read the people themselves (their counts are the report's)
    assert not [q for q in run.captured_queries if "services_serviceuse" in q["sql"]]
    assert not [q for q in run.captured_queries if "beneficiaries_beneficiary" in q["sql"]]
    assert [q for q in run.captured_queries if "indicators_rollup_uses" in q["sql"]]
    with django_assert_num_queries(20):
        compute(year=YEAR, territory=world.territory, protected=False)


def test_without_any_factor_the_effects_are_empty_not_an_error(dataset, world):
    from indicators.models import EmissionFactor

    EmissionFactor.objects.all().delete()
    figures = compute(year=YEAR, territory=world.territory)
    assert figures.current["co2e_avoided"].value == 0
    assert figures.unfactored_km == figures.current["km"].value
