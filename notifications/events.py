"""What is sent, and when: one function per message, each keyed so that it goes once per event;
`alive()` says whether the event a queued message is about is still on."""

from datetime import datetime, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, Membership, Role
from notifications import wording
from notifications.models import Notification
from notifications.sending import Event, notify
from services.models import Booking, Registration, Trip

# template -> (model, the condition under which the event is still on)
ALIVE = {
    "booking_confirmed": (Booking, Q(status=Booking.Status.RESERVED)),
    "rental_reminder": (Booking, Q(status=Booking.Status.RESERVED)),
    "return_reminder": (Booking, Q(status=Booking.Status.CHECKED_OUT)),
    "workshop_reminder": (Registration, Q(status=Registration.Status.REGISTERED)),
    "place_freed": (Registration, Q(status=Registration.Status.REGISTERED)),
    "trip_reminder": (Trip, Q(status=Trip.Status.SCHEDULED)),
    "driver_reminder": (Trip, Q(status=Trip.Status.SCHEDULED)),
    "trip_offer": (Trip, Q(status=Trip.Status.REQUESTED)),
    "trip_driver_found": (Trip, Q(status=Trip.Status.SCHEDULED)),
}

SUBJECTS = {
    "booking_confirmed": _("Votre réservation est confirmée"),
    "rental_reminder": _("Rappel : votre location de demain"),
    "return_reminder": _("Rappel : retour du véhicule demain"),
    "workshop_reminder": _("Rappel : votre atelier"),
    "place_freed": _("Une place s'est libérée pour vous"),
    "trip_reminder": _("Rappel : votre transport solidaire de demain"),
    "driver_reminder": _("Rappel : votre trajet TUS de demain"),
    "trip_offer": _("Un trajet TUS à pourvoir"),
    "trip_taken": _("Trajet TUS déjà pris"),
    "trip_driver_found": _("Votre transport solidaire est confirmé"),
    "trip_called_off": _("Trajet TUS annulé par le passager"),
    "referral_accepted": _("Orientation acceptée"),
    "referral_refused": _("Orientation refusée"),
    "person_exited": _("Fin d'accompagnement"),
    "late_returns": _("Retours en retard et cautions détenues"),
    "failure_alert": _("Un SMS n'a pas pu partir"),
}


def alive(notification: Notification) -> bool:
    rule = ALIVE.get(notification.template)
    if rule is None or notification.event_id is None:
        return True
    model, condition = rule
    return model.objects.filter(condition, pk=notification.event_id).exists()


def _tomorrow(now: datetime):
    return timezone.localdate(now) + timedelta(days=1)


def _stamp(moment: datetime) -> str:
    return f"{int(moment.timestamp())}"  # a rescheduled event is a new event


def _booking_context(booking) -> dict:
    return {
        "antenna": booking.antenna.name,
        "vehicle": booking.vehicle.name,
        "when": wording.day_and_hour(booking.period.lower),
        "until": wording.day_and_hour(booking.period.upper),
        "place": booking.antenna.address or booking.antenna.name,
        "first_name": booking.beneficiary.first_name,
    }


def booking_confirmed(booking) -> Notification | None:
    return notify(
        antenna_id=booking.antenna_id,
        template="booking_confirmed",
        subject=str(SUBJECTS["booking_confirmed"]),
        key=f"booking_confirmed:{booking.pk}:{_stamp(booking.period.lower)}",
        context=_booking_context(booking),
        event=Event("booking", booking.pk, booking.period.lower),
        beneficiary=booking.beneficiary,
    )


def rental_reminders(now: datetime | None = None) -> int:
    """The day before a rental: a reminder with the link to confirm or cancel."""
    now = now or timezone.now()
    rows = Booking.objects.select_related("antenna", "vehicle", "beneficiary").filter(
        status=Booking.Status.RESERVED,
        kind=Booking.Kind.RENTAL,
        period__startswith__date=_tomorrow(now),
    )
    return sum(
        notify(
            antenna_id=b.antenna_id,
            template="rental_reminder",
            subject=str(SUBJECTS["rental_reminder"]),
            key=f"rental_reminder:{b.pk}:{_stamp(b.period.lower)}",
            context=_booking_context(b),
            event=Event("booking", b.pk, b.period.lower),
            beneficiary=b.beneficiary,
            link=True,
        )
        is not None
        for b in rows
    )


def return_reminders(now: datetime) -> int:
    rows = Booking.objects.select_related("antenna", "vehicle", "beneficiary").filter(
        status=Booking.Status.CHECKED_OUT, period__endswith__date=_tomorrow(now)
    )
    return sum(
        notify(
            antenna_id=b.antenna_id,
            template="return_reminder",
            subject=str(SUBJECTS["return_reminder"]),
            key=f"return_reminder:{b.pk}:{_stamp(b.period.upper)}",
            context=_booking_context(b),
            event=Event("booking", b.pk, b.period.upper),
            beneficiary=b.beneficiary,
        )
        is not None
        for b in rows
    )


def _registration_context(registration) -> dict:
    session = registration.session
    return {
        "antenna": session.antenna.name,
        "title": session.title,
        "when": wording.day_and_hour(session.starts_at),
        "place": session.place or session.antenna.address or session.antenna.name,
        "first_name": registration.beneficiary.first_name,
    }


def _registration_message(registration, template: str) -> Notification | None:
    session = registration.session
    return notify(
        antenna_id=registration.antenna_id,
        template=template,
        subject=str(SUBJECTS[template]),
        key=f"{template}:{registration.pk}:{_stamp(session.starts_at)}",
        context=_registration_context(registration),
        event=Event("registration", registration.pk, session.starts_at),
        beneficiary=registration.beneficiary,
        link=True,
    )


def workshop_reminders(now: datetime) -> int:
    """48 hours before a workshop, with its name and the link to confirm or cancel."""
    rows = Registration.objects.select_related("session__antenna", "beneficiary").filter(
        status=Registration.Status.REGISTERED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + timedelta(hours=48),
    )
    return sum(_registration_message(r, "workshop_reminder") is not None for r in rows)


def place_freed(registration) -> Notification | None:
    """Someone left: the first person waiting has the place, and is told."""
    registration = Registration.objects.select_related("session__antenna", "beneficiary").get(
        pk=registration.pk
    )
    return _registration_message(registration, "place_freed")


def trip_reminders(now: datetime) -> int:
    """The day before a TUS trip: the passenger (time, driver's first name) and the driver."""
    rows = Trip.objects.select_related(
        "antenna", "beneficiary", "driver", "pickup", "dropoff"
    ).filter(status=Trip.Status.SCHEDULED, period__startswith__date=_tomorrow(now))
    count = 0
    for trip in rows:
        context = {
            "antenna": trip.antenna.name,
            "when": wording.day_and_hour(trip.period.lower),
            "pickup": trip.pickup.name,
            "dropoff": trip.dropoff.name,
            "driver": trip.driver.first_name if trip.driver else "",
            "passenger": trip.beneficiary.first_name,
        }
        event = Event("trip", trip.pk, trip.period.lower)
        stamp = _stamp(trip.period.lower)
        count += (
            notify(
                antenna_id=trip.antenna_id,
                template="trip_reminder",
                subject=str(SUBJECTS["trip_reminder"]),
                key=f"trip_reminder:{trip.pk}:{stamp}",
                context=context,
                event=event,
                beneficiary=trip.beneficiary,
                link=True,
            )
            is not None
        )
        if trip.driver is not None:
            count += (
                notify(
                    antenna_id=trip.antenna_id,
                    template="driver_reminder",
                    subject=str(SUBJECTS["driver_reminder"]),
                    key=f"driver_reminder:{trip.pk}:{trip.driver_id}:{stamp}",
                    context=context,
                    event=event,
                    driver=trip.driver,
                )
                is not None
            )
    return count


def trip_called_off(trip) -> Notification | None:
    """The passenger cancelled from the reminder's link: the driver need not come."""
    if trip.driver is None:
        return None
    return notify(
        antenna_id=trip.antenna_id,
        template="trip_called_off",
        subject=str(SUBJECTS["trip_called_off"]),
        key=f"trip_called_off:{trip.pk}:{trip.driver_id}",
        context={
            "antenna": trip.antenna.name,
            "when": wording.day_and_hour(trip.period.lower),
            "pickup": trip.pickup.name,
            "dropoff": trip.dropoff.name,
            "passenger": trip.beneficiary.first_name,
        },
        driver=trip.driver,
    )


def send_reminders(now: datetime | None = None) -> int:
    now = now or timezone.now()
    return (
        rental_reminders(now)
        + return_reminders(now)
        + workshop_reminders(now)
        + trip_reminders(now)
    )


def referral_decided(referral) -> Notification | None:
    """The social worker hears of the antenna's answer, with the reason of a refusal."""
    if referral.social_worker is None or referral.status == referral.Status.SENT:
        return None
    template = f"referral_{referral.status}"
    return notify(
        antenna_id=referral.antenna_id,
        template=template,
        subject=str(SUBJECTS[template]),
        key=f"{template}:{referral.pk}",
        context={
            "antenna": referral.beneficiary.antenna.name,
            "person": str(referral.beneficiary),
            "reason": referral.refusal_reason,
            "sent_on": wording.day(referral.sent_at),
        },
        user=referral.social_worker,
    )


def person_exited(beneficiary) -> int:
    """The social workers who referred the person hear that the follow-up ended."""
    workers = {r.social_worker for r in beneficiary.referrals.select_related("social_worker")}
    return sum(
        notify(
            antenna_id=beneficiary.antenna_id,
            template="person_exited",
            subject=str(SUBJECTS["person_exited"]),
            key=f"person_exited:{beneficiary.pk}:{beneficiary.exit_date}:{worker.pk}",
            context={
                "antenna": beneficiary.antenna.name,
                "person": str(beneficiary),
                "outcome": beneficiary.get_exit_outcome_display(),
                "exit_date": beneficiary.exit_date,
            },
            user=worker,
        )
        is not None
        for worker in workers
        if worker is not None
    )


def _managers(antenna_ids):
    return (
        Membership.objects.active()
        .filter(antenna_id__in=antenna_ids, role=Role.MANAGER)
        .select_related("user", "antenna")
    )


DIGEST_DEPOSITS = 10  # the oldest deposits listed; the count and the total cover them all


def _deposits_held(membership) -> dict:
    """The antenna's deposits still held, through billing's own query (billing.deposits.held;
    a manager sees every deposit of the antenna): how many, their total, and the oldest few."""
    from billing.deposits import held
    from billing.money import euros

    rows = held(membership.antenna)
    totals = rows.aggregate(count=Count("pk"), total=Sum("amount"))
    return {
        "count": totals["count"],
        "total": euros(totals["total"]),
        "oldest": [
            {
                "person": str(d.beneficiary),
                "vehicle": d.booking.vehicle.name,
                "amount": euros(d.amount),
                "since": wording.day(d.taken_at),
            }
            for d in rows[:DIGEST_DEPOSITS]
        ],
    }


def late_returns_digest(now: datetime | None = None) -> int:
    """Each morning, each manager: the vehicles not back at the agreed time and the deposits
    still held; nothing is sent to an antenna with neither."""
    now = now or timezone.now()
    late = list(
        Booking.objects.select_related("vehicle", "beneficiary")
        .filter(status=Booking.Status.CHECKED_OUT, period__endswith__lt=now)
        .order_by("antenna_id", "period")
    )
    by_antenna: dict[int, list] = {}
    for booking in late:
        by_antenna.setdefault(booking.antenna_id, []).append(
            {
                "vehicle": booking.vehicle.name,
                "person": str(booking.beneficiary),
                "due": wording.day_and_hour(booking.period.upper),
            }
        )
    deposits: dict[int, dict] = {}  # per antenna, asked once with one manager's membership
    today = timezone.localdate(now)
    sent = 0
    for m in _managers(Antenna.objects.values("pk")):
        if m.antenna_id not in deposits:
            deposits[m.antenna_id] = _deposits_held(m)
        late_here, held_here = by_antenna.get(m.antenna_id, []), deposits[m.antenna_id]
        if not late_here and not held_here["count"]:
            continue
        sent += (
            notify(
                antenna_id=m.antenna_id,
                template="late_returns",
                subject=str(SUBJECTS["late_returns"]),
                key=f"late_returns:{m.antenna_id}:{m.user_id}:{today}",
                context={"antenna": m.antenna.name, "late": late_here, "deposits": held_here},
                user=m.user,
            )
            is not None
        )
    return sent


def tell_staff_of_failure(*, notification: Notification, error: str) -> int:
    """An SMS refused by the provider (a wrong number): the antenna's managers are told."""
    return sum(
        notify(
            antenna_id=m.antenna_id,
            template="failure_alert",
            subject=str(SUBJECTS["failure_alert"]),
            key=f"failure_alert:{notification.pk}:{m.user_id}",
            context={"antenna": m.antenna.name, "error": error, "id": notification.pk},
            user=m.user,
        )
        is not None
        for m in _managers([notification.antenna_id])
    )
