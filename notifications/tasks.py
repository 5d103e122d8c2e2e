"""Thin Celery tasks: they pass ids to notifications.sending and notifications.events."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from notifications import events, sending
from notifications.models import Notification


@shared_task(bind=True, max_retries=None)
def send_notification(self, notification_id):
    outcome = sending.deliver(notification_id=notification_id)
    if outcome is sending.Outcome.RETRY and not self.request.is_eager:
        raise self.retry(countdown=int(sending.backoff(self.request.retries + 1).total_seconds()))
    return outcome.value


@shared_task
def send_due():
    """Every few minutes: what waited for the morning, for tomorrow's cap, or for a retry
    whose message was lost. Bounded; the rest goes at the next run."""
    due = (
        Notification.objects.filter(
            status=Notification.Status.QUEUED, not_before__lte=timezone.now()
        )
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[: settings.NOTIFICATIONS_BATCH]
    )
    for pk in due:
        send_notification.delay(pk)
    return len(due)


@shared_task
def send_reminders():
    return events.send_reminders()


@shared_task
def late_returns_digest():
    return events.late_returns_digest()
