"""Factories of the services (and a minimal beneficiary, owned here so that these tests do not
depend on the beneficiaries app's own factories)."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from beneficiaries.models import Beneficiary
from services.availability import period_of
from services.models import Booking, Driver, Session, Vehicle
from tests.factories import commune


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary

    last_name = factory.Sequence(lambda n: f"Personne{n}")
    first_name = "Alex"
    birth_date = date(1990, 5, 17)
    gender = "x"
    commune = factory.LazyFunction(lambda: commune("67339"))  # Betschdorf, rural
    situation = "job_seeker"
    licence = "with_vehicle"
    status = Beneficiary.Status.ACTIVE


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    kind = Vehicle.Kind.CAR
    name = factory.Sequence(lambda n: f"Clio {n}")
    identifier = factory.Sequence(lambda n: f"AB-{n:03d}-CD")
    seats = 5
    energy = Vehicle.Energy.PETROL
    odometer_km = 1000


def at(days=1, hour=9):
    """An aware datetime `days` from today at `hour` o'clock (local time)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    vehicle = factory.SubFactory(VehicleFactory)
    antenna = factory.SelfAttribute("vehicle.antenna")
    beneficiary = factory.SubFactory(
        BeneficiaryFactory, antenna=factory.SelfAttribute("..vehicle.antenna")
    )
    period = factory.LazyFunction(lambda: period_of(at(1, 9), at(1, 12)))


class DriverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Driver

    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Conducteur{n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    kind = Session.Kind.EBIKE_TRAINING
    title = "Prise en main du VAE"
    starts_at = factory.LazyFunction(lambda: at(2, 14))
    capacity = 6


MONEY = Decimal("0.01")
