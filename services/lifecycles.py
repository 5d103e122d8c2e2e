"""The lifecycles of the bouquet, declared once: for each stateful model, its transitions, the
statuses each may leave from, where it leads and what people read when it is not allowed.

The functions that change a status (services/booking.py, tus.py, carpool.py, workshops.py) call
`advance`, which refuses what the table does not allow and records who cancelled, when and why;
pages ask `allowed` to offer only what can be done."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobilex.lifecycles import Transition, move
from mobilex.lifecycles import transition as _t
from services.models import Booking, Registration, Ride, RidePassenger, RideRequest, Trip

B, T, R, S, Q, G = (
    Booking.Status,
    Trip.Status,
    Ride.Status,
    RidePassenger.Status,
    RideRequest.Status,
    Registration.Status,
)

LIFECYCLES: dict[type[models.Model], dict[str, Transition]] = {
    Booking: {
        "check_out": _t({B.RESERVED}, B.CHECKED_OUT, _("Seule une location réservée peut sortir.")),
        "check_in": _t(
            {B.CHECKED_OUT}, B.RETURNED, _("Seule une location sortie peut être rendue.")
        ),
        "cancel": _t(
            {B.RESERVED},
            B.CANCELLED,
            _("Seule une réservation pas encore sortie peut être annulée."),
        ),
        "no_show": _t(
            {B.RESERVED},
            B.NO_SHOW,
            _("Seule une location réservée peut être notée « absent·e »."),
        ),
        # The hold of a TUS trip follows its trip.
        "trip_done": _t({B.RESERVED}, B.RETURNED, _("Ce trajet n'est pas planifié.")),
    },
    Trip: {
        "refuse": _t(
            {T.REQUESTED}, T.REFUSED, _("Seule une demande en attente peut être refusée.")
        ),
        "accept": _t(
            {T.REQUESTED, T.REFUSED},
            T.SCHEDULED,
            _("Ce trajet est déjà planifié, effectué ou annulé."),
        ),
        "done": _t({T.SCHEDULED}, T.DONE, _("Seul un trajet planifié peut être noté effectué.")),
        "correct": _t({T.DONE}, T.DONE, _("Seul un trajet effectué peut être corrigé.")),
        "cancel": _t(
            {T.REQUESTED, T.SCHEDULED},
            T.CANCELLED,
            _("Seul un trajet demandé ou planifié peut être annulé."),
        ),
    },
    Ride: {
        "done": _t({R.PLANNED}, R.DONE, _("Ce trajet n'est plus prévu.")),
        "cancel": _t({R.PLANNED}, R.CANCELLED, _("Seul un trajet prévu peut être annulé.")),
    },
    RidePassenger: {
        "cancel": _t({S.BOOKED}, S.CANCELLED, _("Cette place est déjà annulée.")),
    },
    RideRequest: {
        "match": _t({Q.OPEN}, Q.MATCHED, _("Cette demande n'est plus en attente.")),
        "reopen": _t({Q.MATCHED}, Q.OPEN, _("Cette demande n'a pas de place.")),
        "cancel": _t({Q.OPEN, Q.MATCHED}, Q.CANCELLED, _("Cette demande est déjà annulée.")),
    },
    Registration: {
        "promote": _t({G.WAITING}, G.REGISTERED, _("Cette personne n'est pas en attente.")),
        "rejoin": _t({G.CANCELLED}, G.REGISTERED, _("Cette personne est déjà inscrite.")),
        "rejoin_waiting": _t({G.CANCELLED}, G.WAITING, _("Cette personne est déjà inscrite.")),
        "cancel": _t(
            {G.REGISTERED, G.WAITING}, G.CANCELLED, _("Cette personne est déjà désinscrite.")
        ),
    },
}


def transition_of(obj: models.Model, name: str) -> Transition:
    return LIFECYCLES[type(obj)][name]


def allowed(obj: models.Model, name: str) -> bool:
    return obj.status in transition_of(obj, name).sources


def advance(obj: models.Model, name: str, *, by=None, reason: str = "") -> list[str]:
    """Move `obj` along transition `name` (not saved); return the fields to save. A
    cancellation records who, when and why."""
    move(obj, transition_of(obj, name))
    fields = ["status"]
    if name == "cancel":
        obj.cancelled_by = by if by is not None and by.is_authenticated else None
        obj.cancelled_at = timezone.now()
        obj.cancel_reason = reason.strip()[:255]
        fields += ["cancelled_by", "cancelled_at", "cancel_reason"]
    return fields
