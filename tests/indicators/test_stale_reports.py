"""A report whose worker died, or whose message never reached a worker, does not wait for ever:
viewing the reports page fails it with a reason, and it can be asked for again."""

from datetime import timedelta

from django.utils import timezone

from indicators.models import Report


def _report(world, **fields):
    return Report.objects.create(territory=world.territory, year=2025, **fields)


def test_stale_reports_fail_with_their_reason(client, world):
    now = timezone.now()
    lost_worker = _report(world, status="running", started_at=now - timedelta(hours=2))
    lost_message = _report(world, status="queued", requested_at=now - timedelta(hours=2))
    busy = _report(world, status="running", started_at=now - timedelta(seconds=30))
    waiting = _report(world, status="queued", requested_at=now - timedelta(minutes=5))
    client.force_login(world.officer)
    page = client.get("/t/petr-test/rapports/").content.decode()
    for report in (lost_worker, lost_message, busy, waiting):
        report.refresh_from_db()
    assert lost_worker.status == lost_message.status == "failed"
    assert "processus de calcul s'est arrêté" in lost_worker.error
    assert "pas été prise en charge" in lost_message.error
    assert (busy.status, waiting.status) == ("running", "queued")
    assert "pas été prise en charge" in page
