from datetime import datetime

import pytest
from django.utils import timezone

from notifications import sms
from services.models import ServiceSettings
from tests.services.factories import BeneficiaryFactory


@pytest.fixture(autouse=True)
def _locmem_sms(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def antenna(world):
    ServiceSettings.objects.create(
        antenna=world.antenna, require_ebike_training=False, require_licence_for_car=False
    )
    world.antenna.address = "2 rue de la Gare, Betschdorf"
    world.antenna.save()
    return world.antenna


@pytest.fixture
def texter(antenna):
    """A person who chose SMS reminders, and has no e-mail."""
    return BeneficiaryFactory(
        antenna=antenna, first_name="Sonia", phone="06 12 34 56 78", contact_channel="sms"
    )


def paris(*args) -> datetime:
    return timezone.make_aware(datetime(*args))
