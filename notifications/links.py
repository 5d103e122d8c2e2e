"""The short signed link of a reminder: the person confirms or cancels without an account.
It names one message (signed, so it cannot be guessed), works once, and expires when the
event starts."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries import audit
from notifications import wording
from notifications.models import Notification
from services import booking as bookings
from services import tus, workshops
from services.models import Booking, Registration, Trip

SALT = "notifications.answer-link"
CONFIRM, CANCEL = "confirmed", "cancelled"


class LinkError(Exception):
    """The link cannot be used: the message says why, for the person to read."""


def token_for(notification: Notification) -> str:
    return signing.Signer(salt=SALT).sign(str(notification.pk))


def url_for(notification: Notification) -> str:
    return settings.SITE_URL + reverse(
        "notification_answer", kwargs={"token": token_for(notification)}
    )


def open_link(token: str, *, now=None) -> Notification:
    """The message a token names, if the link can still be used; else LinkError."""
    try:
        pk = int(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise LinkError(_("Ce lien n'est pas valable.")) from None
    notification = (
        Notification.objects.select_related("antenna", "beneficiary").filter(pk=pk).first()
    )
    if notification is None or notification.event_id is None:
        raise LinkError(_("Ce lien n'est pas valable."))
    if notification.link_used_at is not None:
        raise LinkError(_("Vous avez déjà répondu : merci."))
    if notification.event_starts_at <= (now or timezone.now()):
        raise LinkError(_("Ce lien a expiré : le rendez-vous a commencé."))
    return notification


def event_of(notification: Notification):
    """The registration or booking the message is about (None if it is gone)."""
    if notification.event_kind == "registration":
        return (
            Registration.objects.select_related("session").filter(pk=notification.event_id).first()
        )
    if notification.event_kind == "booking":
        return Booking.objects.select_related("vehicle").filter(pk=notification.event_id).first()
    if notification.event_kind == "trip":
        return (
            Trip.objects.select_related("antenna", "beneficiary", "driver", "pickup", "dropoff")
            .filter(pk=notification.event_id)
            .first()
        )
    return None


def summary(notification: Notification, event) -> list[tuple[str, str]]:
    """What the answer page shows: what, when, where (in words, not the SMS with its link)."""
    antenna = notification.antenna
    if isinstance(event, Registration):
        session = event.session
        return [
            (_("Atelier"), session.title),
            (_("Quand"), wording.day_and_hour(session.starts_at)),
            (_("Où"), session.place or antenna.address or antenna.name),
        ]
    if isinstance(event, Booking):
        return [
            (_("Location"), event.vehicle.name),
            (_("Quand"), wording.day_and_hour(event.period.lower)),
            (_("Où"), antenna.address or antenna.name),
        ]
    if isinstance(event, Trip):
        return [
            (_("Transport solidaire"), f"{event.pickup.name} → {event.dropoff.name}"),
            (_("Quand"), wording.day_and_hour(event.period.lower)),
            (_("Conducteur·rice"), event.driver.first_name if event.driver else "—"),
        ]
    return []


@transaction.atomic
def answer(*, token: str, choice: str, now=None) -> Notification:
    """Record the person's answer; a cancellation frees the place (the waiting list is served
    and the next person told). The row lock and the used mark make a second click harmless."""
    notification = open_link(token, now=now)
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.link_used_at is not None:
        raise LinkError(_("Vous avez déjà répondu : merci."))
    event = event_of(notification)
    if event is None:
        raise LinkError(_("Ce rendez-vous n'existe plus."))
    if choice == CANCEL:
        _cancel(notification, event)
    elif choice != CONFIRM:
        raise LinkError(_("Réponse inconnue."))
    Notification.objects.filter(pk=notification.pk).update(
        link_used_at=now or timezone.now(), link_answer=choice
    )
    audit.record(
        antenna_id=notification.antenna_id,
        actor=None,
        action=audit.Action.UPDATE,
        obj=event,
        beneficiary_id=notification.beneficiary_id,
    )
    notification.link_answer = choice
    return notification


def _cancel(notification: Notification, event) -> None:
    from notifications import events

    if isinstance(event, Registration):
        if event.status == Registration.Status.CANCELLED:
            raise LinkError(_("Cette inscription est déjà annulée."))
        promoted = workshops.cancel(registration=event)
        if promoted is not None:
            events.place_freed(promoted)
    elif isinstance(event, Trip):
        if event.status != Trip.Status.SCHEDULED:
            raise LinkError(_("Ce trajet ne peut plus être annulé en ligne."))
        tus.cancel(trip=event, reason=_("Annulé par la personne depuis le lien du message"))
        events.trip_called_off(event)
    else:
        try:
            bookings.cancel(booking=event)
        except ValidationError as error:  # already out, or cancelled by the antenna
            raise LinkError(_("Cette réservation ne peut plus être annulée en ligne.")) from error
