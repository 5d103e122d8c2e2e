"""Thin Celery tasks: ids in, the work in indicators.reports."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _

from antennas.models import Territory
from indicators import reports

logger = logging.getLogger(__name__)

SOFT_TIME_LIMIT = 240
TIME_LIMIT = 300


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
    max_retries=3,
)
def compile_report(self, report_id):
    try:
        reports.compile_report_file(report_id=report_id)
    except OperationalError as error:  # the database went away: worth another try
        if self.request.retries >= self.max_retries:
            reports.mark_failed(report_id, _("Base de données indisponible : %s") % error)
            return
        if not reports.requeue(report_id):
            return  # failed meanwhile (stale): no retry turns it into done
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error
    except SoftTimeLimitExceeded:
        reports.mark_failed(report_id, _("Le calcul a dépassé le temps autorisé."))
    except reports.Report.DoesNotExist:
        logger.warning("report %s vanished before it was compiled", report_id)
    except Exception as error:
        logger.exception("report %s failed", report_id)
        reports.mark_failed(report_id, f"{type(error).__name__} : {error}")


@shared_task
def compile_previous_year_reports():
    """15 January (CELERY_BEAT_SCHEDULE): last year's report for every territory."""
    today = timezone.localdate()
    year = today.year - 1
    for territory in Territory.objects.all():
        # Reports asked for during that year were partial; one compiled since 1 January counts.
        done_since = reports.Report.objects.filter(
            territory=territory, year=year, requested_at__year=today.year
        ).exclude(status=reports.Report.Status.FAILED)
        if not done_since.exists():
            reports.request_report(territory=territory, year=year)


@shared_task
def fail_stale_reports():
    """Every few minutes (CELERY_BEAT_SCHEDULE): reports whose worker died or that no worker
    took are failed with a reason, so that pages, which write nothing, show them as failed."""
    return reports.fail_stale(reports.Report.objects.all())
