"""Builders of the rows the indicators read (independent of the other apps' factories)."""

import itertools
from datetime import date

import factory

from beneficiaries.models import Beneficiary
from services.models import Driver, ProfessionalEvent, ServiceUse, Trip, TusMembership, Vehicle
from tests.factories import commune

_source = itertools.count(1)


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary

    last_name = factory.Sequence(lambda n: f"Nom{n}")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    birth_date = date(1985, 6, 1)
    gender = "f"
    commune = factory.LazyFunction(lambda: commune("67339"))
    situation = "job_seeker"
    licence = "none"
    status = Beneficiary.Status.ACTIVE
    entry_date = date(2025, 2, 1)


class ServiceUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceUse

    service = "ebike_rental"
    used_on = date(2025, 3, 10)
    km = 10
    mode = "ebike"
    reference_mode = "car_thermal"
    source_model = "test"
    source_id = factory.LazyFunction(lambda: next(_source))


class ProfessionalEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfessionalEvent
        skip_postgeneration_save = True

    kind = ProfessionalEvent.Kind.UPSKILLING
    title = factory.Sequence(lambda n: f"Atelier des partenaires {n}")
    held_on = date(2025, 5, 12)
    professionals = 8
    elected = 2
    public = 0

    @factory.post_generation
    def structures(self, create, extracted, **kwargs):
        if create and extracted:
            self.structures.add(*extracted)


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    kind = Vehicle.Kind.CAR
    name = factory.Sequence(lambda n: f"Voiture {n}")
    identifier = factory.Sequence(lambda n: f"AB-{n:03d}-CD")
    seats = 5
    energy = Vehicle.Energy.PETROL


class DriverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Driver

    first_name = factory.Sequence(lambda n: f"Conducteur{n}")
    last_name = "Bénévole"
    joined_on = date(2021, 1, 1)  # on the roster of every year the tests report


class TusMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TusMembership

    year = 2025
    fee = 2
    basis = TusMembership.Basis.RESIDENCE


def trip(*, antenna, beneficiary, driver, vehicle, day, km, contribution, status="done"):
    from datetime import datetime, timedelta

    from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
    from django.utils import timezone

    begin = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=9))
    return Trip.objects.create(
        antenna=antenna,
        beneficiary=beneficiary,
        driver=driver,
        vehicle=vehicle,
        pickup=commune("67339"),
        dropoff=commune("67180"),
        period=DateTimeTZRange(begin, begin + timedelta(hours=1)),
        distance_km=km,
        contribution=contribution,
        status=status,
    )


def seed_factors():
    """Tests on `transactional_db` flush the factors that migration 0002 loaded: load them again."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("indicators.migrations.0002_seed_emission_factors")
    migration.seed(apps, None)


def publish(territory, year):
    """A done report of `year` with its audited people counts, as the compile job leaves it
    (without the PDF): what pages, CSV and API then show."""
    from django.utils import timezone

    from indicators.models import Report
    from indicators.reports import publish as audit

    report = Report.objects.create(territory=territory, year=year)
    document, _changes = audit(report)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.DONE,
        document=document.to_json(),
        generated_at=timezone.now(),
        file=f"reports/test/rapport-{report.pk}.pdf",  # never opened by these tests
        checksum="0" * 64,
    )
    return report
