"""Scheduled retention jobs (CELERY_BEAT_SCHEDULE): idempotent, safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from beneficiaries import audit, retention

AUDIT_RETENTION = timedelta(days=365)
IMPORT_RETENTION = timedelta(days=30)  # long enough to download the report again


@shared_task
def purge_old_audit_events() -> int:
    return audit.purge_before(timezone.now() - AUDIT_RETENTION)


@shared_task
def purge_old_import_jobs() -> int:
    from mobilex.imports import jobs

    return jobs.purge_before(timezone.now() - IMPORT_RETENTION)


@shared_task
def anonymise_inactive_beneficiaries() -> int:
    return retention.anonymise_inactive()


# Longer than other tasks (a 10 000-row write), yet within the broker's visibility timeout (600 s):
# beyond it, Redis would hand the same message to a second worker while the first still writes.
IMPORT_SOFT_TIME_LIMIT = 540


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=IMPORT_SOFT_TIME_LIMIT,
    time_limit=IMPORT_SOFT_TIME_LIMIT + 30,
)
def import_run(job_id: int) -> None:
    """A large spreadsheet's next step, checking or writing (routed to the `imports` queue)."""
    from mobilex.imports import jobs
    from mobilex.imports.kinds import importer_for

    jobs.run(job_id, importer_for)
