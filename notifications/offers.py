"""A TUS trip offered to several volunteer drivers at once, each by a message with a signed
link; the first to accept gets the trip, the others are told it is taken, and the passenger is
told who comes and when.

Exactly one wins under concurrent clicks: every acceptance locks the trip's row first, so they
run one after the other; the first schedules the trip and closes the other offers, the next
ones find their offer closed. PostgreSQL keeps one accepted offer per trip besides
(`tripoffer_one_accepted`), and the driver's own overlapping trips (`trip_driver_no_overlap`)."""

from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from beneficiaries import audit
from notifications import events, wording
from notifications.links import LinkError
from notifications.models import TripOffer
from notifications.sending import Event, notify
from notifications.volunteers import candidates
from services import tus
from services.models import Trip

SALT = "notifications.trip-offer"
Status = TripOffer.Status


class Answer(Enum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TAKEN = "taken"  # another driver was first, or the antenna settled the trip otherwise


def token_for(offer: TripOffer) -> str:
    return signing.Signer(salt=SALT).sign(str(offer.pk))


def url_for(offer: TripOffer) -> str:
    return settings.SITE_URL + reverse("trip_offer_answer", kwargs={"token": token_for(offer)})


def context_for(trip: Trip) -> dict:
    return {
        "antenna": trip.antenna.name,
        "when": wording.day_and_hour(trip.period.lower),
        "until": wording.hour(trip.period.upper),
        "pickup": trip.pickup.name,
        "dropoff": trip.dropoff.name,
        "km": number_format(trip.distance_km),
        "passenger": trip.beneficiary.first_name,
    }


def _trip_with_names(pk: int) -> Trip:
    return Trip.objects.select_related("antenna", "beneficiary", "pickup", "dropoff").get(pk=pk)


@dataclass(frozen=True)
class Sent:
    offers: list[TripOffer]
    unreachable: list  # drivers with neither a mobile nor an e-mail: the staff phone them


def send(*, trip: Trip, driver_ids, by) -> Sent:
    """Offer a requested trip to the chosen drivers among its candidates (another antenna's,
    an unavailable or a far driver is not offered); a driver offered it already is skipped."""
    with transaction.atomic():
        trip = Trip.objects.select_for_update().get(pk=trip.pk)
        if trip.status != Trip.Status.REQUESTED:
            raise ValidationError(_("Ce trajet n'est plus à pourvoir."))
        trip = _trip_with_names(trip.pk)
        chosen = [
            driver
            for driver in candidates(trip).filter(pk__in=driver_ids)
            if driver.offer_status is None
        ]
        if not chosen:
            raise ValidationError(_("Choisissez au moins un·e conducteur·rice disponible."))
        offers = TripOffer.objects.bulk_create(
            TripOffer(
                antenna_id=trip.antenna_id,
                trip=trip,
                driver=driver,
                distance_km=driver.km,
                offered_by=by,
            )
            for driver in chosen
        )
        context = context_for(trip)
        unreachable = []
        for offer, driver in zip(offers, chosen, strict=True):
            message = notify(
                antenna_id=trip.antenna_id,
                template="trip_offer",
                subject=str(events.SUBJECTS["trip_offer"]),
                key=f"trip_offer:{offer.pk}",
                context={
                    **context,
                    "link": url_for(offer),
                    "km_to_pickup": number_format(offer.distance_km),
                },
                event=Event("trip", trip.pk, trip.period.lower),
                driver=driver,
            )
            if message is None:
                unreachable.append(driver)
        audit.record(antenna_id=trip.antenna_id, actor=by, action=audit.Action.UPDATE, obj=trip)
    return Sent(offers, unreachable)


def open_offer(token: str, *, now=None) -> TripOffer:
    """The offer a token names, if its trip has not started; else LinkError. An offer already
    answered or closed is returned as it is (the page says what became of it)."""
    try:
        pk = int(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise LinkError(_("Ce lien n'est pas valable.")) from None
    offer = (
        TripOffer.objects.select_related(
            "driver", "trip__antenna", "trip__beneficiary", "trip__pickup", "trip__dropoff"
        )
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise LinkError(_("Ce lien n'est pas valable."))
    if offer.trip.period.lower <= (now or timezone.now()):
        raise LinkError(_("Ce lien a expiré : le trajet a commencé."))
    return offer


@dataclass(frozen=True)
class Outcome:
    answer: Answer
    offer: TripOffer


def answer(*, token: str, accept: bool, now=None) -> Outcome:
    """The driver's answer. The trip's row lock orders concurrent acceptances; the first one
    schedules the trip with its driver, which closes the other offers (close_open)."""
    offer = open_offer(token, now=now)
    now = now or timezone.now()
    with transaction.atomic():
        trip = Trip.objects.select_for_update().get(pk=offer.trip_id)
        locked = TripOffer.objects.select_for_update().get(pk=offer.pk)
        if locked.status == Status.ACCEPTED:
            return Outcome(Answer.ACCEPTED, locked)
        if locked.status == Status.DECLINED:
            raise LinkError(_("Vous avez déjà répondu : merci."))
        if locked.status in (Status.TAKEN, Status.WITHDRAWN):
            return Outcome(Answer.TAKEN, locked)
        if not accept:
            _close(locked, Status.DECLINED, now)
            return Outcome(Answer.DECLINED, locked)
        if trip.status != Trip.Status.REQUESTED:  # closed with the trip; kept for safety
            _close(locked, Status.WITHDRAWN, now)
            return Outcome(Answer.TAKEN, locked)
        _close(locked, Status.ACCEPTED, now)  # before the trip's save closes the others
        try:
            tus.accept(trip=trip, driver=offer.driver)
        except ValidationError as error:  # e.g. the driver took another trip at that time
            raise LinkError(" ".join(error.messages)) from None
        audit.record(antenna_id=trip.antenna_id, actor=None, action=audit.Action.UPDATE, obj=trip)
        trip_id, driver = trip.pk, offer.driver
        transaction.on_commit(lambda: _tell_passenger(trip_id, driver))
    return Outcome(Answer.ACCEPTED, locked)


def close_open(trip: Trip) -> int:
    """The trip is no longer requested (a driver accepted, the antenna scheduled it by phone,
    refused or cancelled it): the offers still open are closed in the same transaction, and
    their drivers told after the commit when someone else takes the trip."""
    still_open = list(
        TripOffer.objects.filter(trip_id=trip.pk, status=Status.OFFERED).select_related("driver")
    )
    if not still_open:
        return 0
    taken = trip.status == Trip.Status.SCHEDULED
    TripOffer.objects.filter(pk__in=[o.pk for o in still_open]).update(
        status=Status.TAKEN if taken else Status.WITHDRAWN, answered_at=timezone.now()
    )
    if taken:
        trip_id = trip.pk
        transaction.on_commit(lambda: _tell_taken(trip_id, still_open))
    return len(still_open)


def _close(offer: TripOffer, status: str, now) -> None:
    offer.status, offer.answered_at = status, now
    offer.save(update_fields=["status", "answered_at"])


def _tell_passenger(trip_id: int, driver) -> None:
    """The passenger hears who comes and when."""
    trip = _trip_with_names(trip_id)
    notify(
        antenna_id=trip.antenna_id,
        template="trip_driver_found",
        subject=str(events.SUBJECTS["trip_driver_found"]),
        key=f"trip_driver_found:{trip.pk}:{driver.pk}",
        context={**context_for(trip), "driver": driver.first_name},
        event=Event("trip", trip.pk, trip.period.lower),
        beneficiary=trip.beneficiary,
    )


def _tell_taken(trip_id: int, others: list[TripOffer]) -> None:
    """The other drivers asked hear that the trip is taken: they need not keep the time."""
    trip = _trip_with_names(trip_id)
    context = context_for(trip)
    for other in others:
        notify(
            antenna_id=trip.antenna_id,
            template="trip_taken",
            subject=str(events.SUBJECTS["trip_taken"]),
            key=f"trip_taken:{other.pk}",
            context=context,
            driver=other.driver,
        )
