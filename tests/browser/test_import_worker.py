"""Integration: a large spreadsheet is checked, then written, by a real Celery worker process
while the manager's page polls its progress (htmx) and reloads when the step is over."""

import datetime

import pytest

from beneficiaries.models import Beneficiary, ImportJob
from mobilex.imports import jobs
from tests.browser.conftest import check_page, login, real_worker
from tests.factories import commune
from tests.services.factories import BeneficiaryFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker]
ROWS = 600


@pytest.fixture
def worker(settings, tmp_path):
    with real_worker(settings, tmp_path, "beneficiaries.tasks.import_*") as process:
        yield process


def test_a_large_file_goes_through_a_real_worker(phone_page, world, worker, monkeypatch, tmp_path):
    page = phone_page
    monkeypatch.setattr(jobs, "INLINE_ROWS", 100)  # the web side's threshold; the worker's is moot
    world.territory.communes.set([commune("67339")])
    BeneficiaryFactory(antenna=world.antenna, last_name="Kiefer", first_name="Nadia",
                       birth_date=datetime.date(1987, 3, 12), phone="")  # fmt: skip
    lines = ["Nom;Prénom;Date de naissance;Commune", "Kieffer;Nadia;12/03/1987;67339"]
    lines += [
        f"Nom{i:04d};Test;{1 + i % 28:02d}/{1 + i % 12:02d}/1975;67339" for i in range(ROWS - 1)
    ]
    spreadsheet = tmp_path / "grand.csv"
    spreadsheet.write_text("\r\n".join(lines), encoding="cp1252")

    login(page, world.manager.email)
    page.goto(f"{page.base_url}/a/{world.antenna.slug}/beneficiaires/import/")
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(spreadsheet)
    page.get_by_role("button", name="Lire le fichier").click()
    page.wait_for_url("**/beneficiaires/import/*/")
    assert "vérifié en arrière-plan" in page.content()
    page.get_by_role("button", name="Vérifier le fichier avec ces colonnes").click()
    summary = page.get_by_text("1 fiche peut-être déjà connue")
    summary.wait_for(timeout=120_000)  # the worker checks; the page reloads itself when done
    assert f"{ROWS} lignes" in page.content().replace("\u202f", "").replace("\xa0", "")
    assert page.get_by_label("Action pour la ligne 2").input_value() == "update"
    check_page(page, "import_large_checked")
    assert Beneficiary.objects.count() == 1

    page.get_by_role("button", name="Importer").click()
    page.wait_for_url("**/rapport/")
    page.get_by_role("progressbar").wait_for()  # the worker writes, the page polls
    check_page(page, "import_large_writing")
    page.get_by_text("Import terminé").wait_for(timeout=240_000)
    assert f"{ROWS - 1} créée(s), 1 mise(s) à jour, 0 ignorée(s)" in page.content()
    assert Beneficiary.objects.count() == ROWS
    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    assert worker.poll() is None, "the worker died"
