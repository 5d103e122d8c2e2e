"""Organised carpooling: offers (once or repeated), passenger requests, suggestions and seats.

A seat is taken under a lock on the ride row (SELECT … FOR UPDATE), so concurrent requests for
the last seat queue up and only one gets it."""

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from services import pricing, usage
from services.distance import crow_km, road_km
from services.errors import constraint_message
from services.lifecycles import advance, allowed
from services.models import Recurrence, Ride, RidePassenger, RideRequest
from services.rules import settings_for

MAX_OCCURRENCES = 60


def _departures(first, recurrence, until):
    if recurrence == Recurrence.ONCE or until is None:
        yield first
        return
    step = timedelta(days=7 if recurrence == Recurrence.WEEKLY else 1)
    when, count = first, 0
    while when.date() <= until and count < MAX_OCCURRENCES:
        if recurrence == Recurrence.WEEKLY or when.weekday() < 5:
            yield when
            count += 1
        when += step


@transaction.atomic
def offer_ride(*, antenna, departure, recurrence=Recurrence.ONCE, until=None, **fields) -> list:
    """Create the ride, or one ride per occurrence of a repeated offer (same series)."""
    settings = settings_for(antenna)
    distance = road_km(fields["origin"], fields["destination"], settings.tus_road_factor)
    series = uuid.uuid4() if recurrence != Recurrence.ONCE else None
    rides = [
        Ride(
            antenna=antenna,
            departure=when,
            recurrence=recurrence,
            series=series,
            distance_km=distance,
            rate_per_km=settings.carpool_rate_per_km,
            **fields,
        )
        for when in _departures(departure, recurrence, until)
    ]
    return Ride.objects.bulk_create(rides)


def with_seats(rides):
    return rides.annotate(
        booked=Count("passengers", filter=Q(passengers__status=RidePassenger.Status.BOOKED))
    )


def suggestions(request: RideRequest, *, radius_km=10, limit=10) -> list[Ride]:
    """Planned rides with a free seat leaving within the request's time window, whose start and
    end are near the request's (crow-fly distance between commune centres), nearest first."""
    window = timedelta(minutes=request.window_minutes)
    rides = with_seats(
        Ride.objects.filter(
            antenna_id=request.antenna_id,
            status=Ride.Status.PLANNED,
            departure__range=(request.wanted_at - window, request.wanted_at + window),
        ).select_related("origin", "destination", "driver_beneficiary")
    )
    scored = []
    for ride in rides:
        if ride.booked >= ride.seats:
            continue
        gap = crow_km(ride.origin, request.origin) + crow_km(ride.destination, request.destination)
        if (
            crow_km(ride.origin, request.origin) <= radius_km
            and crow_km(ride.destination, request.destination) <= radius_km
        ):
            ride.gap_km = round(gap, 1)
            scored.append(ride)
    scored.sort(key=lambda r: (r.gap_km, abs((r.departure - request.wanted_at).total_seconds())))
    return scored[:limit]


def _reprice(ride):
    booked = ride.passengers.filter(status=RidePassenger.Status.BOOKED)
    share = pricing.cost_share(
        distance_km=ride.distance_km, rate_per_km=ride.rate_per_km, occupants=booked.count() + 1
    )
    booked.update(cost_share=share)


@transaction.atomic
def book_seat(*, ride, beneficiary, request=None, reference_mode=None) -> RidePassenger:
    ride = Ride.objects.select_for_update().get(pk=ride.pk)
    if ride.status != Ride.Status.PLANNED:  # booking a seat is not a transition of the ride
        raise ValidationError({"ride": _("Ce trajet n'est plus proposé.")})
    if ride.driver_beneficiary_id == beneficiary.pk:
        raise ValidationError({"beneficiary": _("Cette personne conduit ce trajet.")})
    taken = ride.passengers.filter(status=RidePassenger.Status.BOOKED).count()
    if taken >= ride.seats:
        raise ValidationError({"ride": _("Ce trajet est complet.")})
    try:
        with transaction.atomic():
            seat = RidePassenger.objects.create(
                antenna_id=ride.antenna_id,
                ride=ride,
                beneficiary=beneficiary,
                request=request,
                reference_mode=reference_mode
                or (request.reference_mode if request else RidePassenger().reference_mode),
            )
    except IntegrityError as error:
        raise constraint_message(RidePassenger, error, "beneficiary") from None
    if request is not None:
        request = RideRequest.objects.select_for_update().get(pk=request.pk)
        request.save(update_fields=advance(request, "match"))
    _reprice(ride)
    seat.refresh_from_db()
    return seat


def _free_seat(seat, *, by, reason) -> bool:
    """Cancel a seat read under its ride's lock; its request waits for a seat again."""
    seat = RidePassenger.objects.select_for_update().get(pk=seat.pk)
    if not allowed(seat, "cancel"):  # a second click: nothing more to free
        return False
    seat.save(update_fields=advance(seat, "cancel", by=by, reason=reason))
    if seat.request_id:
        request = RideRequest.objects.select_for_update().get(pk=seat.request_id)
        if allowed(request, "reopen"):
            request.save(update_fields=advance(request, "reopen"))
    return True


@transaction.atomic
def cancel_seat(*, seat, by=None, reason="") -> None:
    """A passenger gives up their seat: the seat is free, the others' shares are repriced."""
    ride = Ride.objects.select_for_update().get(pk=seat.ride_id)
    if not _free_seat(seat, by=by, reason=reason):
        return
    _reprice(ride)
    if ride.status == Ride.Status.DONE:  # a correction after the ride: its uses follow
        usage.record_ride(ride)


@transaction.atomic
def cancel_ride(*, ride, by=None, reason) -> Ride:
    """The driver calls the ride off: every seat is freed, every request waits again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    ride = Ride.objects.select_for_update().get(pk=ride.pk)
    ride.save(update_fields=advance(ride, "cancel", by=by, reason=reason))
    for seat in ride.passengers.filter(status=RidePassenger.Status.BOOKED):
        _free_seat(seat, by=by, reason=reason)
    return ride


@transaction.atomic
def cancel_request(*, request, by=None, reason) -> RideRequest:
    """The passenger no longer needs a ride: the request closes and its seat is freed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    request = RideRequest.objects.select_for_update().get(pk=request.pk)
    request.save(update_fields=advance(request, "cancel", by=by, reason=reason))
    for seat in request.seats.filter(status=RidePassenger.Status.BOOKED):
        cancel_seat(seat=seat, by=by, reason=reason)
    return request


@transaction.atomic
def mark_done(*, ride) -> Ride:
    ride = Ride.objects.select_for_update().get(pk=ride.pk)
    ride.save(update_fields=advance(ride, "done"))
    usage.record_ride(ride)
    return ride
