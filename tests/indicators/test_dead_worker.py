"""A report whose worker died is failed (fail_stale) and stays failed: the worker, if it was only
slow and finishes later, or a redelivered message, never turns it into a done report."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from indicators import reports
from indicators.models import Report

YEAR = 2025


def _failed_while_rendering(monkeypatch, report):
    """The report is failed as stale while its worker is still rendering the PDF."""
    render = reports.render_report

    def slow_render(*args, **kwargs):
        Report.objects.filter(pk=report.pk).update(started_at=timezone.now() - timedelta(hours=2))
        assert reports.fail_stale(Report.objects.filter(pk=report.pk)) == 1
        return render(*args, **kwargs)

    monkeypatch.setattr(reports, "render_report", slow_render)


def _files(world):
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "reports" / world.territory.slug / str(YEAR)
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


def test_a_late_worker_leaves_the_failed_report_failed(monkeypatch, world):
    report = Report.objects.create(territory=world.territory, year=YEAR)
    _failed_while_rendering(monkeypatch, report)
    reports.compile_report_file(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "processus de calcul s'est arrêté" in report.error
    assert (report.file.name, report.checksum, report.attempts) == ("", "", 1)
    assert _files(world) == []  # the late PDF is not left behind


def test_a_redelivered_message_does_not_revive_a_failed_report(world):
    report = Report.objects.create(territory=world.territory, year=YEAR, status="failed")
    reports.compile_report_file(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.file.name) == ("failed", 0, "")


def test_a_second_worker_does_not_take_over_a_running_report(world):
    report = Report.objects.create(
        territory=world.territory, year=YEAR, status="running", attempts=1
    )
    reports.compile_report_file(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("running", 1)


def test_a_retry_does_not_requeue_a_failed_report(world):
    failed = Report.objects.create(territory=world.territory, year=YEAR, status="failed")
    running = Report.objects.create(territory=world.territory, year=YEAR, status="running")
    assert not reports.requeue(failed.pk)
    assert reports.requeue(running.pk)
    failed.refresh_from_db()
    running.refresh_from_db()
    assert (failed.status, running.status) == ("failed", "queued")


def test_an_undisturbed_worker_still_finishes(world):
    report = Report.objects.create(territory=world.territory, year=YEAR)
    reports.compile_report_file(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.progress) == ("done", 1, 100)
    assert _files(world) == [f"rapport-{report.pk}-1.pdf"]
