from celery import shared_task

from mobilex import outbox


@shared_task
def deliver_outbox() -> int:
    return outbox.deliver_pending()
