"""Which vehicles are free: one query, NOT EXISTS over the overlapping active bookings (the
same rule as the exclusion constraint, so a maintenance slot blocks too)."""

from django.db.models import Exists, OuterRef
from psycopg.types.range import Range

from services.models import Booking, Vehicle


def period_of(start, end) -> Range:
    return Range(start, end, "[)")


def free_vehicles(*, antenna, start, end, kind=None):
    busy = Booking.objects.exclude(status=Booking.Status.CANCELLED).filter(
        vehicle_id=OuterRef("pk"), period__overlap=period_of(start, end)
    )
    vehicles = Vehicle.objects.filter(antenna=antenna, status=Vehicle.Status.IN_SERVICE)
    if kind:
        vehicles = vehicles.filter(kind=kind)
    return vehicles.filter(~Exists(busy))
