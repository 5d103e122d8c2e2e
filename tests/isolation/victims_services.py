from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from beneficiaries.models import Beneficiary
from services.availability import period_of
from services.models import (
    Booking,
    Driver,
    PriceRule,
    ProfessionalEvent,
    Registration,
    Ride,
    RidePassenger,
    RideRequest,
    ServiceSettings,
    ServiceUse,
    Session,
    Trip,
    TusMembership,
    Vehicle,
)
from tests.factories import commune
from tests.isolation import MARKER, VICTIM_PK


def create(world):
    antenna = world.antenna
    victim, _ = Beneficiary.objects.get_or_create(
        pk=VICTIM_PK,
        defaults={
            "antenna": antenna,
            "referring_structure": world.structure,
            "last_name": MARKER,
            "first_name": "Victime",
            "birth_date": date(1985, 1, 1),
            "gender": "x",
            "commune": commune("67339"),
            "situation": "rsa",
            "licence": "with_vehicle",
            "email": f"{MARKER.lower()}@example.org",
        },
    )
    home, town = commune("67339"), commune("67180")
    tomorrow = timezone.now().replace(microsecond=0) + timedelta(days=1)
    settings = ServiceSettings.objects.create(pk=VICTIM_PK, antenna=antenna)
    price = PriceRule.objects.create(
        pk=VICTIM_PK, antenna=antenna, vehicle_kind="car", price=Decimal(8),
        reduced_price=Decimal(4), deposit=Decimal(400),
    )  # fmt: skip
    vehicle = Vehicle.objects.create(
        pk=VICTIM_PK, antenna=antenna, kind="car", name=f"Voiture {MARKER}",
        identifier="VICTIM-01", energy="petrol",
    )  # fmt: skip
    booking = Booking.objects.create(
        pk=VICTIM_PK, antenna=antenna, vehicle=vehicle, beneficiary=victim,
        period=period_of(tomorrow, tomorrow + timedelta(hours=3)), notes=MARKER,
    )  # fmt: skip
    use = ServiceUse.objects.create(
        pk=VICTIM_PK, antenna=antenna, beneficiary=victim, service="car_sharing",
        used_on=date.today(), km=10, mode="car_thermal", source_model="Victim",
        source_id=VICTIM_PK,
    )  # fmt: skip
    event = ProfessionalEvent.objects.create(
        pk=VICTIM_PK, antenna=antenna, kind="awareness", title=f"Atelier {MARKER}",
        held_on=date.today(),
    )  # fmt: skip
    member = TusMembership.objects.create(
        pk=VICTIM_PK, antenna=antenna, beneficiary=victim, year=tomorrow.year, basis="residence"
    )
    driver = Driver.objects.create(
        pk=VICTIM_PK, antenna=antenna, first_name="Conduit", last_name=MARKER
    )
    trip = Trip.objects.create(
        pk=VICTIM_PK, antenna=antenna, beneficiary=victim, pickup=home, dropoff=town,
        period=period_of(tomorrow, tomorrow + timedelta(hours=2)), distance_km=20,
        contribution=Decimal("6.40"),
    )  # fmt: skip
    ride = Ride.objects.create(
        pk=VICTIM_PK, antenna=antenna, driver_kind="beneficiary", driver_beneficiary=victim,
        origin=home, destination=town, departure=tomorrow, seats=3, distance_km=20,
        rate_per_km=Decimal("0.15"),
    )  # fmt: skip
    request = RideRequest.objects.create(
        pk=VICTIM_PK, antenna=antenna, beneficiary=victim, origin=home, destination=town,
        wanted_at=tomorrow,
    )  # fmt: skip
    passenger = RidePassenger.objects.create(
        pk=VICTIM_PK, antenna=antenna, ride=ride, beneficiary=victim, request=request
    )
    session = Session.objects.create(
        pk=VICTIM_PK,
        antenna=antenna,
        kind="coaching",
        title=f"Atelier {MARKER}",
        starts_at=tomorrow,
    )
    registration = Registration.objects.create(
        pk=VICTIM_PK, antenna=antenna, session=session, beneficiary=victim
    )
    return [
        victim, settings, price, vehicle, booking, use, event, member, driver, trip, ride,
        request, passenger, session, registration,
    ]  # fmt: skip
