"""Tasks queued through a table, so that a change is saved and said to be saved when the broker
(Redis) is down: `enqueue` writes a row in the caller's transaction and hands it to the broker
after commit; rows the broker refused are handed over again by `deliver_pending` (Celery beat,
mobilex.tasks.deliver_outbox). Tasks given this way must be idempotent (they may run twice)."""

import logging

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from mobilex.celery import app
from mobilex.models import OutboxMessage

logger = logging.getLogger(__name__)
BATCH = 200


def enqueue(task: str, **kwargs) -> OutboxMessage:
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs)
    transaction.on_commit(lambda: _hand_over(message.pk))
    return message


def _hand_over(message_id: int) -> bool:
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:  # already handed over by someone else
            return False
        try:
            # retry=False: with the broker away, fail now and leave the row for the beat task
            # rather than hold the user's request while kombu retries.
            _task(message.task).apply_async(kwargs=message.kwargs, retry=False)
        except (OperationalError, OSError) as error:
            logger.warning("Outbox: %s not handed to the broker: %s", message.task, error)
            message.attempts += 1
            message.last_error = str(error)[:500]
            message.save(update_fields=["attempts", "last_error"])
            return False
        message.sent_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["sent_at", "attempts"])
        return True


def _task(name: str):
    if name not in app.tasks:
        app.loader.import_default_modules()  # autodiscovery is lazy outside the worker
    return app.tasks[name]


def deliver_pending() -> int:
    """Hand over what the broker refused earlier; returns how many went."""
    pending = OutboxMessage.objects.filter(sent_at__isnull=True).order_by("created_at")
    ids = list(pending.values_list("pk", flat=True)[:BATCH])
    return sum(_hand_over(pk) for pk in ids)
