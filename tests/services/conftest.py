import pytest

from services.models import ServiceSettings
from tests.services.factories import BeneficiaryFactory, VehicleFactory


@pytest.fixture
def antenna(world):
    # Rules off by default in tests; the tests of the rules switch them on.
    ServiceSettings.objects.create(
        antenna=world.antenna, require_ebike_training=False, require_licence_for_car=False
    )
    return world.antenna


@pytest.fixture
def person(antenna):
    return BeneficiaryFactory(antenna=antenna, email="alex@example.org")


@pytest.fixture
def car(antenna):
    return VehicleFactory(antenna=antenna)


@pytest.fixture
def staff(client, world, antenna):
    client.force_login(world.staff)
    return client
