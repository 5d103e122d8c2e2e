import pytest
from django.db import IntegrityError, transaction

from antennas.models import Commune, Membership, Role
from antennas.text import normalise
from tests.factories import StructureFactory, UserFactory


def test_normalise_folds_accents_ligatures_and_separators():
    assert normalise("Hœrdt") == "hoerdt"
    assert normalise("  SCHWEIGHOUSE-sur-Moder ") == "schweighouse sur moder"
    assert normalise("Lévy-Ém’ma") == "levy em ma"
    # Pasted from a word processor: typographic hyphens and apostrophes, Nordic/Polish letters.
    assert normalise("Jean‐Pierre") == normalise("Jean‑Pierre") == "jean pierre"
    assert normalise("N’Diaye ʼ O–Brien") == "n diaye o brien"
    assert normalise("Søren Łukasz") == "soren lukasz"


@pytest.mark.django_db
class TestCommunes:
    def test_the_petr_communes_and_strasbourg_are_loaded(self):
        assert Commune.objects.of_territory_file().count() == 106
        petr = Commune.objects.of_territory_file().exclude(insee_code="67482")
        assert sum(petr.values_list("population", flat=True)) == 190_351
        assert petr.rural().count() == 46 + 37

    def test_rurality_follows_the_density_grid(self):
        assert Commune.objects.get(insee_code="67339").is_rural  # Betschdorf, level 5
        assert not Commune.objects.get(insee_code="67046").is_rural  # Bischwiller, level 2
        assert Commune.objects.get(name="Hœrdt").search_name == "hoerdt"


@pytest.mark.django_db
class TestMembershipConstraints:
    def _create(self, **fields):
        with transaction.atomic():
            return Membership.objects.create(user=UserFactory(), **fields)

    def test_officer_belongs_to_a_territory_not_an_antenna(self, world):
        with pytest.raises(IntegrityError):
            self._create(antenna=world.antenna, role=Role.OFFICER)
        self._create(territory=world.territory, role=Role.OFFICER)

    def test_antenna_roles_need_an_antenna(self, world):
        with pytest.raises(IntegrityError):
            self._create(territory=world.territory, role=Role.STAFF)

    def test_social_worker_needs_a_structure_and_only_they_have_one(self, world):
        with pytest.raises(IntegrityError):
            self._create(antenna=world.antenna, role=Role.SOCIAL_WORKER)
        with pytest.raises(IntegrityError):
            self._create(antenna=world.antenna, role=Role.STAFF, structure=world.structure)

    def test_one_membership_per_antenna(self, world):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=world.staff, antenna=world.antenna, role=Role.MANAGER)

    def test_structure_approval_dates_are_ordered(self, world):
        import datetime

        with pytest.raises(IntegrityError), transaction.atomic():
            StructureFactory(
                approval_start=datetime.date(2025, 1, 1), approval_end=datetime.date(2024, 1, 1)
            )
