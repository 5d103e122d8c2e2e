"""Scheduled retention jobs (CELERY_BEAT_SCHEDULE): idempotent, safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from beneficiaries import audit, retention

AUDIT_RETENTION = timedelta(days=365)


@shared_task
def purge_old_audit_events() -> int:
    return audit.purge_before(timezone.now() - AUDIT_RETENTION)


@shared_task
def anonymise_inactive_beneficiaries() -> int:
    return retention.anonymise_inactive()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_run(job_id: int) -> None:
    """A large spreadsheet's next step, checking or writing (routed to the `imports` queue)."""
    from mobilex.imports import jobs
    from mobilex.imports.kinds import importer_for

    jobs.run(job_id, importer_for)
