"""An attacker of our own, independent of the suppression code, against the documents the
platform publishes: random territories (2 to 12 antennas, small and large cells), the reports of
two consecutive years, for the officer (who holds both) and for antenna teams (who also know
their own antenna's exact counts).

The attacker writes its own constraints from what it reads — every published number, "< 11"
meaning 1..10, "s" meaning 11 or more (zeros are printed, 1..10 would be "< 11") — and from its
own knowledge of how the tables add up (each table's rows and columns, the headline counts, the
rural antennas, and people continuing in Y = followed in Y-1 - exits of Y-1, per antenna and in
total). It eliminates exactly what the published numbers fix (rank test), then computes each
hidden cell's integer range with scipy.optimize.milp. A cell is betrayed when its range does not
reach its value ± 3 — unless the labels and the reader's own counts alone already stop it there
(a column whose other cells are printed zeros is the antenna's own count)."""

import random
from dataclasses import dataclass

import numpy as np
import pytest
from scipy.linalg import null_space
from scipy.optimize import Bounds, LinearConstraint, milp

from indicators.figures import published
from indicators.secrecy.suppression import protect

GENDERS = ["f", "m", "x"]
AGES = ["under_26", "26_49", "50_64", "65_plus"]
SITUATIONS = ["job_seeker", "rsa", "ass", "aah", "young", "iae_employee", "senior", "other"]
RESIDENCES = ["rural", "urban"]
OUTCOMES = ["durable_job", "transition_job", "training", "moved", "no_news", "other"]
JOBS = ["durable_job", "transition_job", "training"]
SERVICES = ["ebike_training", "ebike_rental", "car_sharing", "scooter_rental", "carpooling",
            "tus", "workshop"]  # fmt: skip
DIMENSIONS = {"gender": GENDERS, "age": AGES, "situation": SITUATIONS, "residence": RESIDENCES,
              "entry": ["new", "continuing"]}  # fmt: skip
YEARS = (2024, 2025)


@dataclass(frozen=True)
class Place:
    pk: int
    name: str
    is_rural: bool


@dataclass
class Person:
    antenna: int
    entry: int
    exit: int | None
    outcome: str
    gender: str
    birth: int
    situation: str
    residence: str
    services: dict  # year -> set of services used


def territory(rng: random.Random, n_antennas: int):
    antennas = [
        Place(pk=100 + i, name=f"A{i}", is_rural=rng.random() < 0.5) for i in range(n_antennas)
    ]
    people = []
    for antenna in antennas:
        size = rng.choice([3, 8, 15, 40, 120])
        for _ in range(size):
            entry = rng.choice([2022, 2023, 2024, 2024, 2025, 2025])
            exit_ = rng.choice([None, None, entry, entry + 1])
            people.append(
                Person(
                    antenna=antenna.pk,
                    entry=entry,
                    exit=exit_,
                    outcome=rng.choice(OUTCOMES) if exit_ else "",
                    gender=rng.choice(GENDERS),
                    birth=rng.randrange(1950, 2006),
                    situation=rng.choice(SITUATIONS[: rng.randrange(2, 9)]),
                    residence=rng.choice(RESIDENCES),
                    services={y: set(rng.sample(SERVICES, rng.randrange(0, 3))) for y in YEARS},
                )
            )
    return antennas, people


def counts(antennas, people, year):
    """The people counts of `year` in compute()'s keys, from the raw rows (independently)."""
    ids = [a.pk for a in antennas]
    active = [p for p in people if p.entry <= year and (p.exit is None or p.exit >= year)]
    exited = [p for p in people if p.exit == year]

    def age(p):
        years = year - p.birth
        return (
            "under_26"
            if years < 26
            else "26_49"
            if years < 50
            else "50_64"
            if years < 65
            else "65_plus"
        )

    category = {"gender": lambda p: p.gender, "age": age, "situation": lambda p: p.situation,
                "residence": lambda p: p.residence,
                "entry": lambda p: "new" if p.entry == year else "continuing"}  # fmt: skip
    values = {}
    for scope in [*ids, "total"]:
        mine = [p for p in active if scope == "total" or p.antenna == scope]
        gone = [p for p in exited if scope == "total" or p.antenna == scope]
        values[("followed", scope)] = len(mine)
        values[("exits", scope)] = len(gone)
        for key, codes in DIMENSIONS.items():
            for code in codes:
                values[(key, code, scope)] = sum(category[key](p) == code for p in mine)
        for code in OUTCOMES:
            values[("exit", code, scope)] = sum(p.outcome == code for p in gone)
        for service in SERVICES:
            values[("users", service, scope)] = sum(service in p.services[year] for p in mine)
        values[("users_any", scope)] = sum(bool(p.services[year]) for p in mine)
    values[("exits_job", "total")] = sum(p.outcome in JOBS for p in exited)
    rural = {a.pk for a in antennas if a.is_rural}
    values[("rural_people",)] = sum(p.antenna in rural for p in active)
    return values


HEADLINES = {"followed": ("followed", "total"), "new": ("entry", "new", "total"),
             "continuing": ("entry", "continuing", "total"), "users": ("users_any", "total"),
             "exits": ("exits", "total"), "exits_job": ("exits_job", "total"),
             "rural_beneficiaries": ("rural_people",)}  # fmt: skip


def compile_years(antennas, people):
    """The two reports as the compile job makes them: 2024, then 2025 with 2024 frozen."""
    documents = []
    for year in YEARS:
        values = counts(antennas, people, year)
        years = [y for y in YEARS if y <= year]
        for y in years[:-1]:
            earlier = counts(antennas, people, y)
            values.update({("series", code, y): earlier[key] for code, key in HEADLINES.items()})
        last = counts(antennas, people, year - 1) if year > YEARS[0] else None
        document = published.build(values, antennas, year, years, last)
        outcome = protect(document, documents)
        documents.append(document)
        yield year, document.published(), outcome


# ---- the attacker: from here on, nothing of indicators.secrecy or indicators.figures --------


def attacker_identities(antennas, years):
    """How the tables add up, as the attacker knows them: lists of (coefficient, key)."""
    ids = [a.pk for a in antennas]
    scopes = [*ids, "total"]
    rows = []

    def total(parts, whole):
        rows.append([(1, p) for p in parts] + [(-1, whole)])

    for y in years:

        def k(*parts, y=y):
            return "|".join(map(str, (y, *parts)))

        for scope in scopes:
            for key, codes in [*DIMENSIONS.items()]:
                total([k(key, c, scope) for c in codes], k("followed", scope))
            total([k("exit", c, scope) for c in OUTCOMES], k("exits", scope))
        for key, codes in [*DIMENSIONS.items(), ("exit", OUTCOMES), ("users", SERVICES)]:
            for c in codes:
                total([k(key, c, a) for a in ids], k(key, c, "total"))
        for key in ("followed", "exits", "users_any"):
            total([k(key, a) for a in ids], k(key, "total"))
        total([k("exit", c, "total") for c in JOBS], k("exits_job", "total"))
        total([k("followed", a.pk) for a in antennas if a.is_rural], k("rural_people"))
        if y - 1 in years:
            for scope in scopes:
                total([k("entry", "continuing", scope), f"{y - 1}|exits|{scope}"],
                      f"{y - 1}|followed|{scope}")  # fmt: skip
    return rows


def attack(readings: list[dict], antennas, years, known: dict, truth: dict) -> list[str]:
    """Hidden cells (over all `readings`) whose integer range is narrower than allowed."""
    seen = {}
    for reading in readings:
        seen.update(reading)
    rows = attacker_identities(antennas, years)
    keys = sorted({key for row in rows for _c, key in row} | set(seen))
    col = {key: i for i, key in enumerate(keys)}
    A = np.zeros((len(rows), len(keys)))
    for i, row in enumerate(rows):
        for coef, key in row:
            A[i, col[key]] += coef

    def bounds(only_labels: bool):
        lo, hi = np.zeros(len(keys)), np.full(len(keys), np.inf)
        for key, shown in seen.items():
            j = col[key]
            if shown == "< 11":
                lo[j], hi[j] = 1, 10
            elif shown == "s" or (only_labels and shown != 0):
                lo[j] = 11
            else:
                lo[j] = hi[j] = shown
        for key, value in known.items():
            if key in col:
                lo[col[key]] = hi[col[key]] = value
        return lo, hi

    lo, hi = bounds(False)
    label_lo, label_hi = bounds(True)
    constraint = LinearConstraint(A, 0, 0)
    integrality = np.ones(len(keys))
    lowest, highest = {}, {}

    def end(key, sign, low, high, record=False):
        c = np.zeros(len(keys))
        c[col[key]] = sign
        result = milp(c, constraints=constraint, integrality=integrality, bounds=Bounds(low, high))
        if result.status != 0:  # unbounded: only a maximum can be
            return np.inf
        if record:  # an integer point of the real system: evidence for every cell
            for k, j in col.items():
                lowest[k] = min(lowest.get(k, np.inf), result.x[j])
                highest[k] = max(highest.get(k, -np.inf), result.x[j])
        return result.x[col[key]]

    hidden = [key for key, shown in seen.items() if shown in ("< 11", "s") and key not in known]
    # Integer points with every hidden cell pushed down, then up, at once: evidence for many.
    for sign in (1, -1):
        c = np.zeros(len(keys))
        c[[col[key] for key in hidden]] = sign
        result = milp(c, constraints=constraint, integrality=integrality, bounds=Bounds(lo, hi))
        if result.status == 0:
            for k, j in col.items():
                lowest[k] = min(lowest.get(k, np.inf), result.x[j])
                highest[k] = max(highest.get(k, -np.inf), result.x[j])
    # Exact elimination: with the fixed cells moved to the right-hand side, a free cell is
    # pinned when every direction of the null space leaves it unchanged.
    free = np.flatnonzero(lo < hi)
    basis = null_space(A[:, free])
    pinned = {keys[j] for j, row in zip(free, basis, strict=True) if np.allclose(row, 0)}
    pinned |= {key for key in hidden if lo[col[key]] == hi[col[key]]}
    betrayed = []
    for key in hidden:
        value = truth[key]
        if key in pinned:
            if end(key, 1, label_lo, label_hi) != end(key, -1, label_lo, label_hi):
                betrayed.append(key)
            continue
        if lowest.get(key, np.inf) > value - 3:
            low = end(key, 1, lo, hi, record=True)
            if low > max(value - 3, end(key, 1, label_lo, label_hi)) + 1e-6:
                betrayed.append(key)
                continue
        if highest.get(key, -np.inf) < value + 3:
            high = end(key, -1, lo, hi, record=True)
            if high < min(value + 3, end(key, -1, label_lo, label_hi)) - 1e-6:
                betrayed.append(key)
    return betrayed


CASES = [(1, 2), (2, 3), (3, 5), (5, 12)]


@pytest.mark.parametrize(("seed", "n_antennas"), CASES)
def test_no_reader_pins_a_hidden_cell_across_two_years(seed, n_antennas):
    rng = random.Random(seed)
    antennas, people = territory(rng, n_antennas)
    readings = []
    for _year, reading, outcome in compile_years(antennas, people):
        readings.append(reading)
        assert not outcome.unprotected
        assert any(v in ("< 11", "s") for v in reading.values())  # there is something to attack
    truth = {}
    for year in YEARS:
        for key, value in counts(antennas, people, year).items():
            truth["|".join(map(str, (year, *key)))] = value
    readers = {"officer": {}}
    for a in rng.sample(antennas, 1):  # one antenna's team per territory, drawn at random
        readers[a.name] = {k: v for k, v in truth.items() if k.split("|")[-1] == str(a.pk)}
    for name, known in readers.items():
        assert attack(readings, antennas, list(YEARS), known, truth) == [], name


def test_headline_figures_stay_published_in_ordinary_territories():
    """Six antennas of 150 to 300 people, a quarter of whom leave each year: small cells inside
    the tables, but the report's headline counts (followed, new, continuing, exits, users) are
    printed."""
    rng = random.Random(11)
    antennas = [Place(pk=200 + i, name=f"B{i}", is_rural=i % 2 == 0) for i in range(6)]
    _, people = territory(rng, 0)
    for antenna in antennas:
        for _ in range(rng.randrange(150, 300)):
            entry = rng.choice([2023, 2024, 2024, 2025, 2025])
            exit_ = rng.choice([None, None, entry, entry + 1])
            people.append(
                Person(
                    antenna=antenna.pk,
                    entry=entry,
                    exit=exit_,
                    outcome=rng.choice(OUTCOMES) if exit_ else "",
                    gender=rng.choice(GENDERS),
                    birth=rng.randrange(1950, 2006),
                    situation=rng.choice(SITUATIONS),
                    residence=rng.choice(RESIDENCES),
                    services={y: set(rng.sample(SERVICES, rng.randrange(0, 3))) for y in YEARS},
                )  # fmt: skip
            )
    for year, reading, outcome in compile_years(antennas, people):
        assert "< 11" in reading.values()  # there are small cells to protect
        assert not outcome.unprotected
        for code in ("followed", "new", "continuing", "exits", "users"):
            key = "|".join(map(str, (year, *HEADLINES[code])))
            assert isinstance(reading[key], int), (year, code, reading[key])


def test_two_antennas_keep_their_headlines_when_one_has_small_categories():
    """The demo's shape: an older antenna of about 100 people and a new one of 81, whose
    situations and exits are mostly small counts. With two antennas each team reads the other's
    share off any total, so hiding an antenna's total hides the headline beside it: the small
    cells must be covered inside the tables, and followed, new, rural and exits stay printed —
    with no reader, officer or either team, pinning a hidden cell."""
    rng = random.Random(9)
    old, new = Place(pk=301, name="Old", is_rural=False), Place(pk=302, name="New", is_rural=True)
    people = []
    for _ in range(150):
        entry = rng.choice([2022, 2023, 2023, 2024, 2024, 2025])
        exit_ = rng.choice([None, entry + 1])
        people.append(
            Person(old.pk, entry, exit_, rng.choice(OUTCOMES) if exit_ else "",
                   rng.choice(GENDERS[:2]), rng.randrange(1955, 2003), rng.choice(SITUATIONS),
                   rng.choice(RESIDENCES), {y: set(rng.sample(SERVICES[3:6], 1)) for y in YEARS})
        )  # fmt: skip
    situations = [s for s, n in zip(SITUATIONS, [8, 9, 8, 9, 12, 14, 6, 15], strict=True)
                  for _ in range(n)]  # fmt: skip
    for i, situation in enumerate(situations):
        exit_ = 2025 if i % 7 == 0 else None
        people.append(
            Person(new.pk, 2025, exit_, OUTCOMES[i % 6] if exit_ else "", GENDERS[i % 2],
                   rng.randrange(1960, 2003), situation, RESIDENCES[i % 5 == 0],
                   {2024: set(), 2025: {SERVICES[3 + i % 3]}})
        )  # fmt: skip
    antennas = [old, new]
    readings = []
    for _year, reading, outcome in compile_years(antennas, people):
        readings.append(reading)
        assert not outcome.unprotected
    assert "< 11" in readings[-1].values()
    for code in ("followed", "new", "rural_beneficiaries", "exits"):
        key = "|".join(map(str, (2025, *HEADLINES[code])))
        assert isinstance(readings[-1][key], int), (code, readings[-1][key])
    truth = {}
    for year in YEARS:
        for key, value in counts(antennas, people, year).items():
            truth["|".join(map(str, (year, *key)))] = value
    readers = {"officer": {}}
    for a in antennas:
        readers[a.name] = {k: v for k, v in truth.items() if k.split("|")[-1] == str(a.pk)}
    for name, known in readers.items():
        assert attack(readings, antennas, list(YEARS), known, truth) == [], name
