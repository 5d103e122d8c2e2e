"""The services' streams on a person's journey: one query each per page of the journey."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from beneficiaries.timeline import Stream, TimelineEvent
from services.models import Booking, Registration, RidePassenger, Trip


def _allowed(membership):
    return membership is not None and membership.is_antenna_team


def _url(name, membership, pk):
    if not _allowed(membership):
        return None
    return reverse(name, kwargs={"antenna_slug": membership.antenna.slug, "pk": pk})


def _booking(b, membership) -> TimelineEvent:
    return TimelineEvent(
        when=b.period.lower,
        kind="booking",
        title=_("Réservation : %(vehicle)s") % {"vehicle": b.vehicle.name},
        detail=" · ".join(
            filter(None, [b.get_status_display(), b.get_purpose_display(), _km(b.km), _why(b)])
        ),
        url=_url("services_booking", membership, b.pk),
    )


def _ride(seat, membership) -> TimelineEvent:
    return TimelineEvent(
        when=seat.ride.departure,
        kind="ride",
        title=_("Covoiturage : %(route)s") % {"route": seat.ride},
        detail=" · ".join(
            filter(
                None,
                [
                    seat.ride.get_status_display(),
                    _("place annulée") if seat.cancelled_at else "",
                    _why(seat) or _why(seat.ride),
                ],
            )
        ),
        url=_url("services_ride", membership, seat.ride_id),
    )


def _trip(t, membership) -> TimelineEvent:
    return TimelineEvent(
        when=t.period.lower,
        kind="trip",
        title=_("Transport solidaire (TUS) : %(route)s") % {"route": t},
        detail=" · ".join(filter(None, [t.get_status_display(), _km(t.distance_km), _why(t)])),
        url=_url("services_trip", membership, t.pk),
    )


def _attendance(r, membership) -> TimelineEvent:
    return TimelineEvent(
        when=r.session.starts_at,
        kind="workshop",
        title=_("Atelier : %(title)s") % {"title": r.session.title},
        detail=" · ".join(
            filter(None, [r.get_status_display(), r.get_attendance_display(), _why(r)])
        ),
        url=_url("services_session", membership, r.session_id),
    )


def _why(obj) -> str:
    """The reason a cancelled object was called off (services/lifecycles.py records it)."""
    if not obj.cancelled_at:
        return ""
    return _("annulé : %(reason)s") % {"reason": obj.cancel_reason or _("sans motif")}


def _km(km):
    return _("%(km)s km") % {"km": km} if km else ""


bookings = Stream(
    name="booking",
    rows=lambda person, membership: Booking.objects.filter(beneficiary=person).select_related(
        "vehicle"
    ),
    when=F("period__startswith"),
    event=_booking,
)
rides = Stream(
    name="ride",
    rows=lambda person, membership: RidePassenger.objects.filter(beneficiary=person).select_related(
        "ride__origin", "ride__destination"
    ),
    when="ride__departure",
    event=_ride,
)
trips = Stream(
    name="trip",
    rows=lambda person, membership: Trip.objects.filter(beneficiary=person).select_related(
        "pickup", "dropoff"
    ),
    when=F("period__startswith"),
    event=_trip,
)
attendances = Stream(
    name="workshop",
    rows=lambda person, membership: Registration.objects.filter(beneficiary=person).select_related(
        "session"
    ),
    when="session__starts_at",
    event=_attendance,
)

STREAMS = (bookings, rides, trips, attendances)
