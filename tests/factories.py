"""factory-boy factories of the network. App factories live in tests/<app>/factories.py."""

import factory

from antennas.communes import load_communes
from antennas.models import Antenna, Commune, Membership, Role, Structure, Territory, User

DEMO_PASSWORD = "mobilex-test-2026"  # noqa: S105


def commune(insee_code: str) -> Commune:
    """Communes are loaded by migration antennas/0002; tests pick them by INSEE code. A
    transactional test (live server) truncates the tables after it, so load them again."""
    if not Commune.objects.exists():
        load_communes(Commune)
    return Commune.objects.get(insee_code=insee_code)


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.Sequence(lambda n: f"territoire-{n}")
    kind = Territory.Kind.PETR


class AntennaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Antenna

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Antenne {n}")
    slug = factory.Sequence(lambda n: f"antenne-{n}")
    commune = factory.LazyFunction(lambda: commune("67339"))  # Betschdorf, rural
    status = Antenna.Status.OPERATING


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = Structure.Kind.ACI
    commune = factory.LazyFunction(lambda: commune("67046"))  # Bischwiller

    @factory.post_generation
    def antennas(self, create, extracted, **kwargs):
        if create and extracted:
            self.antennas.add(*extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    antenna = factory.SubFactory(AntennaFactory)
    role = Role.STAFF


def member(antenna, role, structure=None, **user_fields) -> User:
    """A user with one membership of `antenna` (or of a territory for officers)."""
    user = UserFactory(**user_fields)
    if role == Role.OFFICER:
        MembershipFactory(user=user, antenna=None, territory=antenna, role=role)
    else:
        MembershipFactory(user=user, antenna=antenna, role=role, structure=structure)
    return user
