"""The services' part of a person's journey: one query per provider."""

from django.urls import reverse
from django.utils.translation import gettext as _

from beneficiaries.timeline import TimelineEvent
from services.models import Booking, Registration, RidePassenger, Trip


def _allowed(membership):
    return membership is not None and membership.is_antenna_team


def _url(name, membership, pk):
    if not _allowed(membership):
        return None
    return reverse(name, kwargs={"antenna_slug": membership.antenna.slug, "pk": pk})


def bookings(beneficiary, membership):
    rows = Booking.objects.filter(beneficiary=beneficiary).select_related("vehicle")
    return [
        TimelineEvent(
            when=b.period.lower,
            kind="booking",
            title=_("Réservation : %(vehicle)s") % {"vehicle": b.vehicle.name},
            detail=" · ".join(
                filter(
                    None,
                    [b.get_status_display(), b.get_purpose_display(), _km(b.km), _why(b)],
                )
            ),
            url=_url("services_booking", membership, b.pk),
        )
        for b in rows
    ]


def rides(beneficiary, membership):
    rows = RidePassenger.objects.filter(beneficiary=beneficiary).select_related(
        "ride__origin", "ride__destination"
    )
    return [
        TimelineEvent(
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
        for seat in rows
    ]


def trips(beneficiary, membership):
    rows = Trip.objects.filter(beneficiary=beneficiary).select_related("pickup", "dropoff")
    return [
        TimelineEvent(
            when=t.period.lower,
            kind="trip",
            title=_("Transport solidaire (TUS) : %(route)s") % {"route": t},
            detail=" · ".join(filter(None, [t.get_status_display(), _km(t.distance_km), _why(t)])),
            url=_url("services_trip", membership, t.pk),
        )
        for t in rows
    ]


def attendances(beneficiary, membership):
    rows = Registration.objects.filter(beneficiary=beneficiary).select_related("session")
    return [
        TimelineEvent(
            when=r.session.starts_at,
            kind="workshop",
            title=_("Atelier : %(title)s") % {"title": r.session.title},
            detail=" · ".join(
                filter(None, [r.get_status_display(), r.get_attendance_display(), _why(r)])
            ),
            url=_url("services_session", membership, r.session_id),
        )
        for r in rows
    ]


def _why(obj) -> str:
    """The reason a cancelled object was called off (services/lifecycles.py records it)."""
    if not obj.cancelled_at:
        return ""
    return _("annulé : %(reason)s") % {"reason": obj.cancel_reason or _("sans motif")}


def _km(km):
    return _("%(km)s km") % {"km": km} if km else ""


PROVIDERS = (bookings, rides, trips, attendances)
