"""Volunteer drivers' weekly availability (weekday × morning / afternoon / evening) and reach,
and the drivers a TUS trip can be offered to: free then, near enough, nearest first.

The distance is computed in SQL with the same formula as services.distance.road_km (great
circle between the driver's commune and the pick-up, times the antenna's road factor), so the
list is filtered and ranked by PostgreSQL."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import DecimalField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone

from notifications.models import DriverArea, DriverSlot, PartOfDay, TripOffer
from services.distance import EARTH_RADIUS_KM
from services.models import Driver, Trip
from services.rules import settings_for

# Where each part of the day starts; the evening runs to midnight, the morning from midnight.
PARTS: list[tuple[str, time]] = [
    (PartOfDay.MORNING, time(0)),
    (PartOfDay.AFTERNOON, time(12)),
    (PartOfDay.EVENING, time(18)),
]
BUSY = [Trip.Status.SCHEDULED, Trip.Status.DONE]


def part_of(moment: datetime) -> str:
    local = timezone.localtime(moment).time()
    return [part for part, starts in PARTS if starts <= local][-1]


def parts_of(trip: Trip) -> tuple[int, list[str]]:
    """The weekday of the pick-up and the parts of that day the trip touches (its last
    minute excluded: a trip ending at 12:00 is a morning trip; the day ends at midnight)."""
    start = timezone.localtime(trip.period.lower)
    last = max(start, timezone.localtime(trip.period.upper) - timedelta(minutes=1))
    if last.date() != start.date():
        last = start.replace(hour=23, minute=59)
    names = [part for part, _ in PARTS]
    return start.weekday(), names[names.index(part_of(start)) : names.index(part_of(last)) + 1]


def _road_km_to(commune, road_factor) -> Cast:
    """SQL: road km from the driver's commune to `commune` (haversine × road factor, rounded
    to 0.1 km half up as numeric(6,1) does, like services.distance.road_km)."""
    lat2, lon2 = Radians(Value(float(commune.latitude))), Radians(Value(float(commune.longitude)))
    lat1, lon1 = Radians(F("area__home__latitude")), Radians(F("area__home__longitude"))
    h = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin((lon2 - lon1) / 2), 2)
    km = Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(h)) * Value(float(road_factor))
    return Cast(km, DecimalField(max_digits=6, decimal_places=1))


def candidates(trip: Trip) -> QuerySet[Driver]:
    """Active drivers of the trip's antenna who declared every part of the day the trip
    touches, have no trip then, and live within their own reach of the pick-up; nearest first,
    each with `km` and the status of an offer already made for this trip (`offer_status`)."""
    weekday, parts = parts_of(trip)
    free = Q()
    for part in parts:
        free &= Exists(DriverSlot.objects.filter(driver=OuterRef("pk"), weekday=weekday, part=part))
    busy = Exists(
        Trip.objects.filter(driver=OuterRef("pk"), status__in=BUSY, period__overlap=trip.period)
    )
    offered = TripOffer.objects.filter(trip=trip, driver=OuterRef("pk")).values("status")[:1]
    factor = settings_for(trip.antenna).tus_road_factor
    return (
        Driver.objects.filter(antenna_id=trip.antenna_id, is_active=True, area__isnull=False)
        .filter(free)
        .exclude(busy)
        .annotate(km=_road_km_to(trip.pickup, factor), offer_status=offered)
        .filter(km__lte=F("area__max_km"))
        .select_related("area__home")
        .order_by("km", "last_name", "first_name")
    )


@transaction.atomic
def declare(*, driver: Driver, home, max_km: int, email: str, slots) -> DriverArea:
    """Replace the driver's reach and weekly slots ((weekday, part) pairs) with these."""
    area, _ = DriverArea.objects.update_or_create(
        driver=driver, defaults={"home": home, "max_km": max_km, "email": email}
    )
    DriverSlot.objects.filter(driver=driver).delete()
    DriverSlot.objects.bulk_create(
        DriverSlot(driver=driver, weekday=weekday, part=part) for weekday, part in sorted(slots)
    )
    return area
