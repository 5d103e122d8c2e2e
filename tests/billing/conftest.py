from decimal import Decimal

import pytest

from services.models import PriceRule, ServiceSettings
from tests.services.factories import BeneficiaryFactory, BookingFactory, VehicleFactory


@pytest.fixture
def antenna(world):
    ServiceSettings.objects.create(antenna=world.antenna, membership_fee=Decimal("2.00"))
    PriceRule.objects.create(
        antenna=world.antenna,
        vehicle_kind="car",
        price=Decimal("8.00"),
        reduced_price=Decimal("4.00"),
        deposit=Decimal("400.00"),
    )
    return world.antenna


@pytest.fixture
def person(antenna, world):
    return BeneficiaryFactory(antenna=antenna, referring_structure=world.structure)


@pytest.fixture
def rental(antenna, person):
    return BookingFactory(
        vehicle=VehicleFactory(antenna=antenna), beneficiary=person, price=Decimal("24.50")
    )
