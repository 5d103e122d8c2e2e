"""Compiled reports freeze the people counts they publish: every page, CSV and API answer of the
year shows those, a recompile keeps the earlier version as a constraint and lists what changed
(reports page and PDF annex)."""

import subprocess
from datetime import date
from pathlib import Path

from indicators.figures import compute
from indicators.models import Report
from indicators.reports import compile_report_file
from indicators.secrecy.document import Document
from tests.indicators.factories import BeneficiaryFactory

YEAR = 2025


def _compile(world):
    report = Report.objects.create(territory=world.territory, year=YEAR)
    compile_report_file(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    return report


def test_a_recompiled_year_lists_what_changed(client, dataset, world):
    first = _compile(world)
    document = Document.from_json(first.document)
    assert document.hidden and document.primary  # the dataset has small cells
    assert not first.changes
    shown = compute(year=YEAR, territory=world.territory).people
    zero = f"{YEAR}|situation|iae_employee|{world.antenna.pk}"  # the dataset has none
    assert document.published()[zero] == 0
    for _ in range(12):
        BeneficiaryFactory(
            antenna=world.antenna, entry_date=date(YEAR, 3, 1), situation="iae_employee"
        )
    # Live data changed, the published counts did not.
    assert compute(year=YEAR, territory=world.territory).people == shown
    second = _compile(world)
    changed = {key: (before, after) for key, before, after in second.changes}
    assert changed[zero][0] == 0 and changed[zero][1] != 0  # 12, or hidden beside others
    text = subprocess.run(
        ["pdftotext", "-layout", str(Path(second.file.path)), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Changements depuis la version précédente" in text
    client.force_login(world.officer)
    page = client.get("/t/petr-test/rapports/").content.decode()
    assert "changé depuis la version précédente" in page
    # The page now shows the second version's counts.
    assert compute(year=YEAR, territory=world.territory).people != shown


def test_without_a_compiled_report_the_people_counts_wait(client, dataset, world):
    client.force_login(world.officer)
    body = client.get(f"/t/petr-test/?annee={YEAR}").content.decode()
    assert "une fois le rapport annuel 2025 compilé" in body
    _compile(world)
    body = client.get(f"/t/petr-test/?annee={YEAR}").content.decode()
    assert "une fois le rapport annuel 2025 compilé" not in body
