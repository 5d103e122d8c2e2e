"""A report whose worker died, or whose message never reached a worker, does not wait for ever:
the scheduled task fails it with a reason, and it can be asked for again. Viewing the reports
page or the API writes nothing."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from indicators.models import Report
from indicators.tasks import fail_stale_reports


def _report(world, **fields):
    return Report.objects.create(territory=world.territory, year=2025, **fields)


def test_the_scheduled_task_fails_stale_reports_with_their_reason(client, world):
    now = timezone.now()
    lost_worker = _report(world, status="running", started_at=now - timedelta(hours=2))
    lost_message = _report(world, status="queued", requested_at=now - timedelta(hours=2))
    busy = _report(world, status="running", started_at=now - timedelta(seconds=30))
    waiting = _report(world, status="queued", requested_at=now - timedelta(minutes=5))
    client.force_login(world.officer)
    client.get("/t/petr-test/rapports/")
    client.get("/api/t/petr-test/indicators/reports/")
    lost_worker.refresh_from_db()
    assert lost_worker.status == "running"  # a GET wrote nothing

    assert fail_stale_reports() == 2
    for report in (lost_worker, lost_message, busy, waiting):
        report.refresh_from_db()
    assert lost_worker.status == lost_message.status == "failed"
    assert "processus de calcul s'est arrêté" in lost_worker.error
    assert "pas été prise en charge" in lost_message.error
    assert (busy.status, waiting.status) == ("running", "queued")
    page = client.get("/t/petr-test/rapports/").content.decode()
    assert "pas été prise en charge" in page


def test_the_task_is_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "indicators.tasks.fail_stale_reports" in tasks
