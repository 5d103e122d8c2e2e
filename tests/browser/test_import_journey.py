"""A manager brings 200 people in from a spreadsheet in Chromium: upload, a column the guess
missed mapped by hand, the preview showing the 3 people already known, one skipped and two
updated, the confirmation, the report and its download. Axe checks on every page; 390 px."""

import datetime

import pytest

from beneficiaries.models import Beneficiary
from tests.browser.conftest import check_page, login
from tests.factories import commune
from tests.imports.helpers import xlsx
from tests.services.factories import BeneficiaryFactory

pytestmark = pytest.mark.browser

D = datetime.date
SURNAMES = [
    "Bauer",
    "Lang",
    "Keller",
    "Jung",
    "Frey",
    "Graf",
    "Arnold",
    "Kraus",
    "Simon",
    "Winkler",
]
FIRST = [
    "Alice",
    "Bruno",
    "Chantal",
    "Denis",
    "Eva",
    "Fabien",
    "Gisèle",
    "Henri",
    "Iris",
    "Jules",
    "Karine",
    "Lionel",
    "Marion",
    "Nathan",
    "Odile",
    "Pascal",
    "Rose",
    "Serge",
    "Tina",
    "Yves",
]


def test_a_manager_imports_200_people_with_3_already_known(phone_page, world, tmp_path):
    page = phone_page
    world.territory.communes.set([commune("67339")])
    known = [
        BeneficiaryFactory(antenna=world.antenna, last_name="Kiefer", first_name="Nadia",
                           birth_date=D(1987, 3, 12), phone=""),
        BeneficiaryFactory(antenna=world.antenna, last_name="Muller", first_name="Jean-Pierre",
                           birth_date=D(1970, 2, 1), phone=""),
        BeneficiaryFactory(antenna=world.antenna, last_name="Nguyen", first_name="Thi Lan",
                           birth_date=D(1992, 10, 4), phone=""),
    ]  # fmt: skip
    rows = [
        [SURNAMES[i % 10], FIRST[i // 10], D(1960 + i % 40, 1 + i % 12, 1 + i % 28), "67339"]
        for i in range(197)
    ]
    rows[50:50] = [["Kieffer", "Nadia", "12/03/1987", "Betschdorf"]]  # line 52
    rows[100:100] = [["Müller", "Jean Pierre", "01/02/1970", "67339"]]  # line 102
    rows[150:150] = [["Nguyen", "Thi-Lan", "10/04/1992", "67339"]]  # line 152, day/month swapped
    spreadsheet = tmp_path / "personnes.xlsx"
    spreadsheet.write_bytes(xlsx(["Nom", "Prénom", "Né(e) le", "Lieu de vie"], rows))

    login(page, world.manager.email)
    page.goto(f"{page.base_url}/a/{world.antenna.slug}/beneficiaires/import/")
    check_page(page, "import_upload")
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(spreadsheet)
    page.get_by_role("button", name="Lire le fichier").click()
    page.wait_for_url("**/beneficiaires/import/*/")
    assert (
        "Colonnes obligatoires sans correspondance : Commune"
        in page.get_by_role("alert").inner_text()
    )
    page.get_by_label("Lieu de vie").select_option("commune")
    page.get_by_role("button", name="Appliquer les colonnes").click()
    summary = page.locator("main p").first.inner_text()
    assert "200 lignes" in summary and "3 fiches peut-être déjà connues" in summary, summary
    assert page.get_by_role("alert").count() == 0
    for line, found in ((52, "KIEFER Nadia"), (102, "MULLER Jean-Pierre"), (152, "NGUYEN Thi Lan")):
        row = page.locator("tr", has=page.locator(f"th:text-is('ligne {line}')"))
        assert found.lower() in row.inner_text().lower()
        assert page.get_by_label(f"Action pour la ligne {line}").input_value() == "update"
    assert "date de naissance avec jour et mois inversés" in page.content()
    check_page(page, "import_preview")
    assert Beneficiary.objects.count() == 3  # nothing written before the confirmation

    page.get_by_label("Action pour la ligne 102").select_option("skip")
    page.get_by_role("button", name="Importer").click()
    page.wait_for_url("**/rapport/")
    assert "197 créée(s), 2 mise(s) à jour, 1 ignorée(s)" in page.content()
    check_page(page, "import_report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le rapport (CSV)").click()
    report = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert len(report) == 201 and report[101].startswith("102;ignorée;;")
    assert Beneficiary.objects.count() == 200
    known[0].refresh_from_db()
    assert known[0].last_name == "Kieffer"  # updated from the file
    known[1].refresh_from_db()
    assert known[1].first_name == "Jean-Pierre"  # skipped: left as it was
