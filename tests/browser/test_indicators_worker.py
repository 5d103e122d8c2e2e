"""Integration: a real Celery worker process (Redis where REDIS_URL is set, else kombu's
filesystem broker) compiles the report the officer asks for in Chromium, who then downloads it."""

import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from indicators.models import Report
from mobilex.embedded import database_url
from tests.browser.conftest import check_page, login
from tests.indicators.factories import BeneficiaryFactory, ServiceUseFactory, seed_factors

pytestmark = [pytest.mark.browser, pytest.mark.worker]
ROOT = Path(__file__).resolve().parents[2]
LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def worker(settings, tmp_path):
    """A worker on a queue of its own, so that no other worker takes this test's task."""
    from mobilex.celery import app

    queue = f"indicators-test-{uuid.uuid4().hex[:8]}"
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    routes = app.conf.task_routes
    app.conf.task_routes = {"indicators.tasks.*": {"queue": queue}}
    app.amqp.flush_routes()  # Celery reads the routes once: again, and once more at the end
    app.amqp.router = app.amqp.Router()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "PRIVATE_MEDIA_ROOT": str(tmp_path),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 (closed at teardown)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "mobilex", "worker",
         "--pool", "solo", "--loglevel", "INFO", "-Q", queue, "--without-heartbeat",
         "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    app.conf.task_default_queue = "celery"
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    app.amqp.router = app.amqp.Router()
    print((tmp_path / "worker.log").read_text()[-3000:])


def test_the_officer_gets_the_report_compiled_by_a_real_worker(page, world, worker):
    seed_factors()
    for i in range(12):
        person = BeneficiaryFactory(antenna=world.antenna, entry_date=date(LAST_YEAR, 3, 1))
        ServiceUseFactory(antenna=world.antenna, beneficiary=person, km=10 + i,
                          used_on=date(LAST_YEAR, 6, 1))  # fmt: skip
    login(page, world.officer.email)
    page.get_by_role("link", name="Rapports").first.click()
    page.get_by_label("Année").select_option(str(LAST_YEAR))
    page.get_by_role("button", name="Demander le rapport annuel (PDF)").click()
    page.get_by_role("progressbar").first.wait_for()  # htmx polls the row while it runs
    link = page.get_by_role("link", name=f"Télécharger le rapport {LAST_YEAR} (PDF)").first
    link.wait_for(timeout=90_000)
    check_page(page, "indicators_reports_worker")
    with page.expect_download() as download:
        link.click()
    text = subprocess.run(
        ["pdftotext", download.value.path(), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Rapport annuel {LAST_YEAR}" in text
    report = Report.objects.get()
    assert report.status == Report.Status.DONE and report.attempts == 1
    assert worker.poll() is None, "the worker died"
