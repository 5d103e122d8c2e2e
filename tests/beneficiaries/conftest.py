import datetime

import pytest
from django.urls import reverse

from tests.beneficiaries.factories import BeneficiaryFactory


@pytest.fixture
def url(world):
    """reverse() of a page of antenna A: url("beneficiary_detail", pk=...)."""

    def antenna_url(name, **kwargs):
        return reverse(name, kwargs={"antenna_slug": world.antenna.slug, **kwargs})

    return antenna_url


@pytest.fixture
def make_person(world):
    """A person of antenna A referred by structure S1."""

    def make(**fields):
        return BeneficiaryFactory(
            antenna=world.antenna, referring_structure=world.structure, **fields
        )

    return make


@pytest.fixture
def person(make_person):
    return make_person(
        last_name="Lefèvre",
        first_name="Sami",
        birth_date=datetime.date(1979, 11, 23),
        phone="06 98 76 54 32",
        email="sami.lefevre@example.org",
        address="2 rue du Moulin",
    )
