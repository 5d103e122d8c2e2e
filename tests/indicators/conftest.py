"""A generated dataset shared by the figures and PDF tests."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.factories import AntennaFactory, StructureFactory, commune
from tests.indicators.factories import (
    BeneficiaryFactory,
    ProfessionalEventFactory,
    ServiceUseFactory,
)

SERVICES = [
    ("ebike_rental", "ebike"),
    ("car_sharing", "car_electric"),
    ("carpooling", "carpool"),
    ("tus", "car_thermal"),
    ("workshop", "walk"),
    ("scooter_rental", "scooter"),  # a CO2e factor, no fuel factor: its km listed without
]
OUTCOMES = ["durable_job", "transition_job", "training", "moved", "no_news", "other"]


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def dataset(world):
    rng = random.Random(7)
    rural_extra = AntennaFactory(territory=world.territory, name="Antenne D", slug="antenne-d")
    antennas = [world.antenna, world.neighbour, rural_extra]
    # Very different sizes so that some cells are small and some are not.
    sizes = {world.antenna.pk: 60, world.neighbour.pk: 14, rural_extra.pk: 4}
    people, uses = [], []
    for antenna in antennas:
        for _ in range(sizes[antenna.pk]):
            entry = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
            exit_date = None
            outcome = ""
            if rng.random() < 0.35:
                exit_date = entry + timedelta(days=rng.randrange(30, 500))
                outcome = rng.choice(OUTCOMES)
            person = BeneficiaryFactory(
                antenna=antenna,
                gender=rng.choice("ffmmx"),
                birth_date=date(rng.randrange(1950, 2006), rng.randrange(1, 13), 28),
                situation=rng.choice(["job_seeker", "rsa", "young", "senior", "aah"]),
                commune=commune(rng.choice(["67339", "67046", "67180"])),
                entry_date=entry,
                exit_date=exit_date,
                exit_outcome=outcome,
                status="exited" if exit_date else "active",
            )
            people.append(person)
            for _ in range(rng.randrange(0, 6)):
                service, mode = rng.choice(SERVICES)
                uses.append(
                    ServiceUseFactory(
                        antenna=antenna,
                        beneficiary=person,
                        service=service,
                        mode=mode,
                        # "unknown" has no factor at all: its km are counted, its effects left out.
                        reference_mode=rng.choice(
                            ["car_thermal", "car_thermal", "bus", "none", "unknown"]
                        ),
                        occupants=rng.randrange(1, 4) if mode == "carpool" else 1,
                        km=Decimal(rng.randrange(0, 400)) / 10,
                        used_on=date(rng.choice([2024, 2025, 2025]), rng.randrange(1, 13), 15),
                    )
                )
    # A use with no person left (anonymised record): counted as a use, not as a person.
    uses.append(
        ServiceUseFactory(antenna=world.antenna, beneficiary=None, used_on=date(2025, 6, 1))
    )
    # The other territory's rows must not leak in.
    far_person = BeneficiaryFactory(antenna=world.far_antenna)
    ServiceUseFactory(antenna=world.far_antenna, beneficiary=far_person, km=999)
    structures = [world.structure, world.other_structure, StructureFactory()]
    events = [
        ProfessionalEventFactory(
            antenna=world.antenna, structures=structures[:2], epci_sirens=["246700744"]
        ),
        ProfessionalEventFactory(
            antenna=world.neighbour,
            kind="territory_exchange",
            structures=structures[1:],
            epci_sirens=["246700744", "200067965"],
            professionals=3,
            elected=5,
            public=12,
        ),
        ProfessionalEventFactory(antenna=world.neighbour, held_on=date(2024, 3, 1)),
    ]
    return {"antennas": antennas, "people": people, "uses": uses, "events": events}
