"""ServiceUse rows: one per use, keyed by its source (model, id), so writing again updates it.
These rows are what the indicators aggregate (date, km, mode, the mode otherwise used)."""

from django.utils import timezone

from beneficiaries.records import record_contact
from services.catalogue import Mode, ServiceKind
from services.models import Booking, Registration, RidePassenger, ServiceUse, Trip, Vehicle

MODE_OF_KIND = {
    Vehicle.Kind.EBIKE: Mode.EBIKE,
    Vehicle.Kind.CAR: Mode.CAR_THERMAL,
    Vehicle.Kind.ELECTRIC_CAR: Mode.CAR_ELECTRIC,
    Vehicle.Kind.SCOOTER: Mode.SCOOTER,
    Vehicle.Kind.ADAPTED: Mode.CAR_THERMAL,
    Vehicle.Kind.MINIBUS: Mode.CAR_THERMAL,
}
SERVICE_OF_KIND = {
    Vehicle.Kind.EBIKE: ServiceKind.EBIKE_RENTAL,
    Vehicle.Kind.SCOOTER: ServiceKind.SCOOTER_RENTAL,
}


def mode_of(vehicle) -> str:
    if vehicle is None:
        return Mode.CAR_THERMAL
    if vehicle.energy == Vehicle.Energy.ELECTRIC and vehicle.kind != Vehicle.Kind.EBIKE:
        return Mode.CAR_ELECTRIC
    return MODE_OF_KIND[vehicle.kind]


def _write(source, **values) -> ServiceUse:
    use, _ = ServiceUse.objects.update_or_create(
        source_model=type(source).__name__, source_id=source.pk, defaults=values
    )
    if use.beneficiary_id:
        record_contact(
            beneficiary_id=use.beneficiary_id, day=min(use.used_on, timezone.localdate())
        )
    return use


def _forget(source) -> None:
    ServiceUse.objects.filter(source_model=type(source).__name__, source_id=source.pk).delete()


def record_booking(booking: Booking) -> ServiceUse:
    vehicle = booking.vehicle
    return _write(
        booking,
        antenna_id=booking.antenna_id,
        beneficiary_id=booking.beneficiary_id,
        service=SERVICE_OF_KIND.get(vehicle.kind, ServiceKind.CAR_SHARING),
        used_on=timezone.localdate(booking.checkout_at or booking.period.lower),
        km=booking.km,
        mode=mode_of(vehicle),
        reference_mode=booking.reference_mode,
        occupants=1,
    )


def record_ride(ride) -> None:
    """A ride took place: one use per passenger, every occupant (driver included) counted; a
    seat cancelled since counts no more."""
    ServiceUse.objects.filter(
        source_model=RidePassenger.__name__,
        source_id__in=ride.passengers.exclude(status=RidePassenger.Status.BOOKED).values("pk"),
    ).delete()
    seats = list(ride.passengers.filter(status=RidePassenger.Status.BOOKED))
    for seat in seats:
        _write(
            seat,
            antenna_id=ride.antenna_id,
            beneficiary_id=seat.beneficiary_id,
            service=ServiceKind.CARPOOLING,
            used_on=timezone.localdate(ride.departure),
            km=ride.distance_km,
            mode=Mode.CARPOOL,
            reference_mode=seat.reference_mode,
            occupants=len(seats) + 1,
        )


def record_trip(trip: Trip) -> ServiceUse:
    return _write(
        trip,
        antenna_id=trip.antenna_id,
        beneficiary_id=trip.beneficiary_id,
        service=ServiceKind.TUS,
        used_on=timezone.localdate(trip.period.lower),
        km=trip.distance_km,
        mode=mode_of(trip.vehicle),
        reference_mode=trip.reference_mode,
        occupants=2,
    )


def _session_values(session) -> dict:
    return {
        "service": session.service,
        "used_on": timezone.localdate(session.starts_at),
        "mode": Mode.EBIKE if session.service == ServiceKind.EBIKE_TRAINING else Mode.NONE,
    }


def record_attendance(registration: Registration) -> None:
    """Present: one use (no km); any other mark removes it."""
    if registration.attendance != Registration.Attendance.PRESENT:
        _forget(registration)
        return
    _write(
        registration,
        antenna_id=registration.antenna_id,
        beneficiary_id=registration.beneficiary_id,
        km=0,
        reference_mode=registration.reference_mode,
        occupants=1,
        **_session_values(registration.session),
    )


def record_session(session) -> int:
    """A session moved or changed kind: the uses of those present follow (one query)."""
    return ServiceUse.objects.filter(
        source_model=Registration.__name__,
        source_id__in=session.registrations.values("pk"),
    ).update(**_session_values(session))
