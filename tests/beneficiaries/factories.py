import datetime

import factory

from beneficiaries.models import Beneficiary, Diagnostic, Note, Referral
from tests.factories import commune


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary

    last_name = factory.Faker("last_name", locale="fr_FR")
    first_name = factory.Faker("first_name", locale="fr_FR")
    birth_date = datetime.date(1985, 4, 12)
    gender = "f"
    commune = factory.LazyFunction(lambda: commune("67339"))
    situation = "rsa"
    licence = "none"


class PersonRowFactory(factory.django.DjangoModelFactory):
    """A row about a person, in the person's antenna."""

    class Meta:
        abstract = True

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    antenna = factory.SelfAttribute("beneficiary.antenna")


class ReferralFactory(PersonRowFactory):
    class Meta:
        model = Referral

    structure = factory.SelfAttribute("beneficiary.referring_structure")
    services_requested = ["ebike_rental"]
    reason = "Rejoindre un chantier à 12 km."


class DiagnosticFactory(PersonRowFactory):
    class Meta:
        model = Diagnostic

    structure = factory.SelfAttribute("beneficiary.referring_structure")
    licence = "none"
    highway_code = "no"
    bike = "partial"
    public_transport = "partial"
    map_reading = "autonomous"
    digital_skills = "partial"
    distance_km = 14
    destinations = "Haguenau, zone d'activités"
    recommended_services = ["ebike_training", "ebike_rental"]


class NoteFactory(PersonRowFactory):
    class Meta:
        model = Note

    text = "Premier entretien."
