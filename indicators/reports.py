"""Yearly reports: asking for one, compiling it (called by the Celery task), and noticing the
ones a dead worker left behind."""

import hashlib
import json
import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from indicators.catalogue import FIRST_YEAR
from indicators.figures import compute, published
from indicators.models import Report, private_storage
from indicators.pdf import render_report
from indicators.secrecy.document import Document, changes
from indicators.secrecy.suppression import protect

logger = logging.getLogger(__name__)


def request_report(*, territory, year, user=None) -> Report:
    """A new row for each request (earlier versions stay listed); the task runs after commit."""
    from indicators.tasks import compile_report

    report = Report.objects.create(territory=territory, year=year, requested_by=user)
    transaction.on_commit(lambda: _hand_to_worker(report, compile_report))
    return report


def _hand_to_worker(report, task) -> None:
    # retry=False: with the broker away, say so now instead of leaving the request hanging.
    try:
        task.apply_async(args=[report.pk], retry=False)
    except (OperationalError, OSError):
        _set(
            report.pk,
            status=Report.Status.FAILED,
            error=_(
                "Le service de calcul des rapports est injoignable pour le moment : "
                "demandez le rapport à nouveau dans quelques minutes."
            ),
        )


def _set(report_id, **fields):
    Report.objects.filter(pk=report_id).update(**fields)


def compile_report_file(*, report_id: int) -> None:
    """Claim the queued report, compute, render, write to a temporary file, move into place,
    then mark done. Every write after the claim names this attempt: a worker that lost its
    claim (failed as stale, or another attempt started) stops, and its late result never turns
    a failed report into a done one. Running it on a report that is not queued changes
    nothing."""
    report = Report.objects.select_related("territory").get(pk=report_id)
    if report.status != Report.Status.QUEUED:
        return
    now = timezone.now()
    attempt = report.attempts + 1
    if not _claim(report_id, attempt, now):
        return
    document, changes = publish(report)
    figures = compute(year=report.year, territory=report.territory, document=document)
    _set_attempt(report_id, attempt, progress=40, factor_versions=figures.factor_set.versions())
    pdf = render_report(figures, generated_at=now, changes=changes)
    _set_attempt(report_id, attempt, progress=85)
    # One file per attempt: a late attempt never overwrites the file of another.
    name = f"reports/{report.territory.slug}/{report.year}/rapport-{report.pk}-{attempt}.pdf"
    final = Path(private_storage.path(name))
    final.parent.mkdir(parents=True, exist_ok=True)
    # Same directory as the target so that os.replace is an atomic rename.
    fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".partial-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    done = _set_attempt(
        report_id,
        attempt,
        status=Report.Status.DONE,
        document=document.to_json(),
        changes=[list(change) for change in changes],
        progress=100,
        file=name,
        size=len(pdf),
        checksum=hashlib.sha256(pdf).hexdigest(),
        generated_at=timezone.now(),
    )
    if not done:  # failed meanwhile: the report stays failed, its orphan file goes
        final.unlink(missing_ok=True)


def _claim(report_id: int, attempt: int, now) -> bool:
    """QUEUED → RUNNING by one attempt only, in one conditional UPDATE."""
    return bool(
        Report.objects.filter(
            pk=report_id, status=Report.Status.QUEUED, attempts=attempt - 1
        ).update(
            status=Report.Status.RUNNING, started_at=now, progress=5, attempts=attempt, error=""
        )
    )


def _set_attempt(report_id: int, attempt: int, **fields) -> bool:
    """Written only while this attempt still holds the report (running, same attempt)."""
    return bool(
        Report.objects.filter(pk=report_id, status=Report.Status.RUNNING, attempts=attempt).update(
            **fields
        )
    )


def requeue(report_id: int) -> bool:
    """An attempt hit a passing error (before or after its claim): queued again for the retry,
    unless it was failed meanwhile (a failed report stays failed)."""
    return bool(
        Report.objects.filter(
            pk=report_id, status__in=[Report.Status.QUEUED, Report.Status.RUNNING]
        ).update(status=Report.Status.QUEUED, error=_("Nouvel essai après une erreur passagère."))
    )


def publish(report: Report) -> tuple[Document, list]:
    """The people counts `report` publishes, audited against every report of its territory
    already handed out (the audit runs here, in the compile job, and nowhere else), and what
    changed since the previous version of the same year."""
    year, territory = report.year, report.territory
    raw = compute(year=year, territory=territory, protected=False)
    last_year = None
    if year > FIRST_YEAR:
        last_year = compute(year=year - 1, territory=territory, protected=False).people
        last_year = {key: cell.value for key, cell in last_year.items()}
    document = published.build(
        {key: cell.value for key, cell in raw.people.items()},
        raw.antennas,
        year,
        sorted(raw.series),
        last_year,
    )
    earlier = (
        Report.objects.filter(territory=territory, status=Report.Status.DONE)
        .exclude(document={})
        .order_by("generated_at", "pk")
        .values_list("year", "document")
    )
    frozen, previous = {}, None
    for earlier_year, data in earlier:
        frozen[json.dumps(data, sort_keys=True)] = Document.from_json(data)
        if earlier_year == year:
            previous = frozen[json.dumps(data, sort_keys=True)]
    outcome = protect(document, list(frozen.values()))
    if outcome.unprotected:
        logger.warning(
            "report %s: %d cells cannot be covered: %s",
            report.pk,
            len(outcome.unprotected),
            sorted(outcome.unprotected),
        )
    return document, ([] if previous is None else changes(previous, document))


def mark_failed(report_id: int, reason: str) -> None:
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, error=reason[:2000]
    )


QUEUE_PATIENCE = timedelta(hours=1)


def fail_stale(queryset) -> int:
    """Reports left "running" longer than the hard time limit lost their worker; reports still
    "queued" after an hour lost their message or have no worker. Both are failed with a reason
    people can read, and can be asked for again."""
    now = timezone.now()
    running_limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    lost_worker = queryset.filter(
        status=Report.Status.RUNNING, started_at__lt=now - running_limit
    ).update(
        status=Report.Status.FAILED,
        error=_(
            "Le calcul a été interrompu (le processus de calcul s'est arrêté). Relancez la demande."
        ),
    )
    never_started = queryset.filter(
        status=Report.Status.QUEUED, requested_at__lt=now - QUEUE_PATIENCE
    ).update(
        status=Report.Status.FAILED,
        error=_(
            "La demande n'a pas été prise en charge depuis une heure (aucun processus de calcul "
            "disponible). Relancez la demande."
        ),
    )
    return lost_worker + never_started


def latest_done(territory, year=None):
    reports = Report.objects.filter(territory=territory, status=Report.Status.DONE)
    if year is not None:
        reports = reports.filter(year=year)
    return reports.order_by("-generated_at", "-pk").first()
