"""The lifecycle of a message, declared once. PostgreSQL enforces the same table (trigger in
migration 0001), so a write behind the application's back cannot resurrect a sent message."""

from django.db import transaction
from django.utils import timezone

from notifications.models import Notification

Status = Notification.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.QUEUED: frozenset({Status.SENT, Status.FAILED, Status.CANCELLED}),
    Status.FAILED: frozenset({Status.QUEUED}),  # staff retry
    Status.SENT: frozenset(),
    Status.CANCELLED: frozenset(),
}


class NotAllowed(Exception):
    pass


def _move(notification_id: int, to: str, **fields) -> bool:
    """Move the row if its current status allows it; False when another worker got there first."""
    sources = [status for status, targets in TRANSITIONS.items() if to in targets]
    updated = Notification.objects.filter(pk=notification_id, status__in=sources).update(
        status=to, **fields
    )
    return bool(updated)


def mark_sent(*, notification_id: int, provider_id: str, at=None) -> bool:
    return _move(
        notification_id,
        Status.SENT,
        provider_id=provider_id[:100],
        sent_at=at or timezone.now(),
        error="",
    )


def mark_failed(*, notification_id: int, error: str) -> bool:
    return _move(notification_id, Status.FAILED, error=error[:500] or "?")


def mark_cancelled(*, notification_id: int, reason: str) -> bool:
    return _move(notification_id, Status.CANCELLED, error=reason[:500])


def cancel_queued_to(*, number: str, reason: str) -> int:
    """Every message still waiting for a number that opted out."""
    return Notification.objects.filter(to=number, status=Status.QUEUED).update(
        status=Status.CANCELLED, error=reason[:500]
    )


@transaction.atomic
def retry(*, notification: Notification) -> Notification:
    """Staff ask again for a failed message: queued now, attempts counted from zero."""
    if not _move(notification.pk, Status.QUEUED, error="", attempts=0, not_before=timezone.now()):
        raise NotAllowed(notification.status)
    notification.refresh_from_db()
    return notification


def trigger_sql() -> str:
    """The transition table as a PostgreSQL trigger, generated from TRANSITIONS."""
    pairs = " OR ".join(
        f"(OLD.status = '{source}' AND NEW.status = '{target}')"
        for source, targets in TRANSITIONS.items()
        for target in sorted(targets)
    )
    return f"""
CREATE OR REPLACE FUNCTION notif_check_transition() RETURNS trigger AS $$
BEGIN
  IF NEW.status <> OLD.status AND NOT ({pairs}) THEN
    RAISE EXCEPTION 'notification % cannot go from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER notif_transition BEFORE UPDATE OF status ON notifications_notification
  FOR EACH ROW EXECUTE FUNCTION notif_check_transition();
"""
