"""The service bouquet: fleet and bookings, TUS, carpooling, workshops, and the uses and
professional events that the indicators count."""

from services.models.carpool import Recurrence, Ride, RidePassenger, RideRequest
from services.models.fleet import Booking, PriceRule, ServiceSettings, Vehicle
from services.models.publication import PublicProfile, PublishedService
from services.models.scoping import AntennaScopedQuerySet
from services.models.tus import Driver, Trip, TusMembership
from services.models.uses import ProfessionalEvent, ServiceUse
from services.models.workshops import Registration, Session

__all__ = [
    "AntennaScopedQuerySet",
    "Booking",
    "Driver",
    "PriceRule",
    "ProfessionalEvent",
    "PublicProfile",
    "PublishedService",
    "Recurrence",
    "Registration",
    "Ride",
    "RidePassenger",
    "RideRequest",
    "ServiceSettings",
    "ServiceUse",
    "Session",
    "Trip",
    "TusMembership",
    "Vehicle",
]
