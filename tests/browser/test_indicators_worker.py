"""Integration: a real Celery worker process (Redis where REDIS_URL is set, else kombu's
filesystem broker) compiles the report the officer asks for in Chromium, who then downloads it."""

import subprocess
from datetime import date

import pytest
from django.utils import timezone

from indicators.models import Report
from tests.browser.conftest import check_page, login, real_worker
from tests.indicators.factories import BeneficiaryFactory, ServiceUseFactory, seed_factors

pytestmark = [pytest.mark.browser, pytest.mark.worker]
LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def worker(settings, tmp_path):
    with real_worker(settings, tmp_path, "indicators.tasks.*") as process:
        yield process


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
