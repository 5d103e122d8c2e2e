"""The one way a message leaves: `notify()` writes the row (once per idempotency key) and asks
the worker after commit; `deliver()` is the only judge of whether, when and how it goes
(consent, STOP, quiet hours, daily cap, event still on), and records what the provider said."""

import smtplib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import Enum

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beneficiaries.models import Beneficiary, ContactChannel
from notifications import gsm, lifecycle, phones, sms, wording
from notifications.models import (
    Channel,
    DriverArea,
    MessageTemplate,
    Notification,
    SmsOptOut,
)

Status = Notification.Status
DAY_STARTS, DAY_ENDS = time(8), time(20)


@dataclass(frozen=True)
class Event:
    """What a message is about: it is never sent once `alive()` says the event is off."""

    kind: str
    id: int
    starts_at: datetime | None = None


class Outcome(Enum):
    SENT = "sent"
    DEFERRED = "deferred"
    RETRY = "retry"
    FAILED = "failed"
    CANCELLED = "cancelled"
    GONE = "gone"


def daytime(moment: datetime) -> datetime:
    """`moment` if it is between 08:00 and 20:00 in Paris, else the next 08:00."""
    local = timezone.localtime(moment)
    if DAY_STARTS <= local.time() < DAY_ENDS:
        return moment
    day = local.date() if local.time() < DAY_STARTS else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, DAY_STARTS))


def opted_out(number: str) -> bool:
    return SmsOptOut.objects.filter(phone=number).exists()


def address_for(*, beneficiary=None, user=None, driver=None) -> tuple[str, str] | None:
    """(channel, address) the recipient agreed to, or None. SMS needs the person's recorded
    choice; a person never asked keeps getting e-mails at an address they gave, as before."""
    if user is not None:
        return (Channel.EMAIL, user.email) if user.email else None
    if driver is not None:  # a driver without a mobile phone may have left an e-mail
        if number := phones.e164(driver.phone):
            return Channel.SMS, number
        email = DriverArea.objects.filter(driver=driver).values_list("email", flat=True).first()
        return (Channel.EMAIL, email) if email else None
    choice = beneficiary.contact_channel
    if choice == ContactChannel.SMS:
        number = phones.e164(beneficiary.phone)
        return (Channel.SMS, number) if number else None
    if choice in (ContactChannel.EMAIL, "") and beneficiary.email:
        return Channel.EMAIL, beneficiary.email
    return None


def render(*, antenna_id: int, template: str, context: dict) -> str:
    """The antenna's own wording if it wrote one, else the default template."""
    with translation.override(settings.LANGUAGE_CODE):
        own = MessageTemplate.objects.filter(antenna_id=antenna_id, key=template).first()
        if own is not None:
            return wording.fill(own.text, context)
        return render_to_string(f"notifications/messages/{template}.txt", context).strip()


def notify(
    *,
    antenna_id: int,
    template: str,
    key: str,
    context: dict,
    subject: str = "",
    event: Event | None = None,
    beneficiary=None,
    user=None,
    driver=None,
    link: bool = False,
) -> Notification | None:
    """Queue one message, once per `key`; None if the recipient has no channel they agreed to
    or if the key was used already. With `link`, the text carries the signed answer link."""
    from notifications import links  # links' views call back into this module

    target = address_for(beneficiary=beneficiary, user=user, driver=driver)
    if target is None:
        return None
    channel, to = target
    now = timezone.now()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                antenna_id=antenna_id,
                beneficiary=beneficiary,
                user=user,
                driver=driver,
                channel=channel,
                to=to,
                template=template,
                subject=subject[:200],
                text="",
                idempotency_key=key[:200],
                event_kind=event.kind if event else "",
                event_id=event.id if event else None,
                event_starts_at=event.starts_at if event else None,
                not_before=daytime(now) if channel == Channel.SMS else now,
            )
    except IntegrityError:
        return None  # this message was written already: it goes once
    # A caller's own link (a driver's offer) stays; else the reminder's answer link, or none.
    context = {"link": links.url_for(notification) if link else "", **context}
    text = render(antenna_id=antenna_id, template=template, context=context)
    if channel == Channel.SMS:
        text = gsm.plain(text)
    notification.text = text
    notification.segments = gsm.segments(text) if channel == Channel.SMS else 0
    notification.save(update_fields=["text", "segments"])
    enqueue(notification)
    return notification


def enqueue(notification: Notification) -> None:
    """Ask the worker after the commit. A message that must wait (night, cap, backoff) is left
    queued by deliver() and picked up by the send_due beat: no long Celery ETAs to lose."""
    from notifications import tasks

    pk = notification.pk
    transaction.on_commit(lambda: tasks.send_notification.delay(pk))


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8… minutes after the n-th failed try, at most an hour."""
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


def _sent_today(notification: Notification, now: datetime) -> int:
    start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    recipient = {
        "beneficiary_id": notification.beneficiary_id,
        "user_id": notification.user_id,
        "driver_id": notification.driver_id,
    }
    return Notification.objects.filter(
        **{k: v for k, v in recipient.items() if v is not None},
        status=Status.SENT,
        sent_at__gte=start,
    ).count()


def _hold(notification: Notification, until: datetime) -> Outcome:
    Notification.objects.filter(pk=notification.pk).update(not_before=until)
    return Outcome.DEFERRED


def _why_not(notification: Notification, now: datetime) -> str:
    """The reason this message must not go at all any more, or ''."""
    from notifications import events

    if not events.alive(notification):
        return _("L'événement a été annulé ou a changé.")
    if notification.event_starts_at is not None and notification.event_starts_at <= now:
        return _("L'événement a déjà commencé.")
    if notification.channel == Channel.SMS and opted_out(notification.to):
        return _("Le numéro a répondu STOP.")
    return ""


def _send(notification: Notification) -> str:
    if notification.channel == Channel.SMS:
        return sms.backend().send(to=notification.to, text=notification.text)
    try:
        send_mail(notification.subject, notification.text, None, [notification.to])
    except smtplib.SMTPRecipientsRefused as error:  # the address is wrong: trying again won't help
        raise sms.PermanentError(f"{type(error).__name__}: {error}") from None
    except OSError as error:  # the server is down or busy (smtplib's errors are OSErrors)
        raise sms.TransientError(f"{type(error).__name__}: {error}") from None
    return ""


def deliver(*, notification_id: int, now: datetime | None = None) -> Outcome:
    """Send a queued message now if everything allows it. The row lock (skip locked) makes two
    workers handed the same id send it once."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=Status.QUEUED)
            .first()
        )
        if notification is None:
            return Outcome.GONE
        if reason := _why_not(notification, now):
            lifecycle.mark_cancelled(notification_id=notification.pk, reason=reason)
            return Outcome.CANCELLED
        if notification.not_before > now:
            return Outcome.DEFERRED
        if notification.channel == Channel.SMS:
            if (later := daytime(now)) > now:
                return _hold(notification, later)
            if _sent_today(notification, now) >= settings.NOTIFICATIONS_DAILY_CAP:
                tomorrow = timezone.localdate(now) + timedelta(days=1)
                return _hold(
                    notification, timezone.make_aware(datetime.combine(tomorrow, DAY_STARTS))
                )
        Notification.objects.filter(pk=notification.pk).update(attempts=F("attempts") + 1)
        attempts = notification.attempts + 1
        try:
            provider_id = _send(notification)
        except sms.TransientError as error:
            if attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
                return _fail(notification, str(error))
            Notification.objects.filter(pk=notification.pk).update(
                error=str(error)[:500], not_before=now + backoff(attempts)
            )
            return Outcome.RETRY
        except sms.PermanentError as error:
            return _fail(notification, str(error))
        lifecycle.mark_sent(notification_id=notification.pk, provider_id=provider_id, at=now)
        return Outcome.SENT


def _fail(notification: Notification, error: str) -> Outcome:
    lifecycle.mark_failed(notification_id=notification.pk, error=error)
    if notification.channel == Channel.SMS:
        from notifications import events

        events.tell_staff_of_failure(notification=notification, error=error)
    return Outcome.FAILED


@transaction.atomic
def record_stop(*, number: str) -> int:
    """A STOP answer: the number gets no more SMS; people who chose SMS on it are told so on
    their record (their channel becomes 'none'). Returns the records changed."""
    SmsOptOut.objects.get_or_create(phone=number)
    lifecycle.cancel_queued_to(number=number, reason=_("Le numéro a répondu STOP."))
    return Beneficiary.objects.filter(
        phone_digits=phones.record_digits(number), contact_channel=ContactChannel.SMS
    ).update(contact_channel=ContactChannel.NONE)
