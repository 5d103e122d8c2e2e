"""Importing people from a spreadsheet: awkward files read, every cell checked next to it,
matches with people already there, nothing written before the confirmation nor on a failure."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from beneficiaries.importing import PEOPLE
from beneficiaries.models import AuditEvent, Beneficiary, ImportMapping
from mobilex.imports.reading import read_table
from tests.factories import commune
from tests.services.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

HEADERS = ["Nom", "Prénom", "Né(e) le", "Sexe", "Portable", "Ville"]


def xlsx(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, name, content):
    url = reverse("beneficiary_import", kwargs={"antenna_slug": "antenne-a"})
    return client.post(url, {"file": io.BytesIO(content) | _named(name)})


class _named:
    def __init__(self, name):
        self.name = name

    def __ror__(self, stream):
        stream.name = self.name
        return stream


@pytest.fixture
def manager(client, world):
    world.territory.communes.set([commune("67339"), commune("67046")])
    client.force_login(world.manager)
    return client


def test_an_xlsx_is_checked_matched_then_imported_in_one_go(manager, world):
    existing = BeneficiaryFactory(
        antenna=world.antenna,
        last_name="Kiefer",
        first_name="Nadia",
        birth_date=datetime.date(1987, 3, 12),
        phone="",
    )
    content = xlsx(
        [
            ["Kieffer", "Nadia", "12/03/1987", "F", "06 12 34 56 78", "Betschdorf"],
            ["Muller", "Paul", datetime.datetime(1990, 5, 4), "H", "", "67046"],
            ["Weber", "Anne", "31/02/1990", "F", "", "Betschdorf"],  # no such date
            ["Roth", "Luc", "01/01/1980", "H", "12", "Nulle-Part"],  # bad phone and commune
            [None, None, None, None, None, None],  # an empty line
            ["Schmitt", "Léa", "1995-07-08", "femme", "+33 6 11 22 33 44", "67660"],
        ]
    )
    response = upload(manager, "personnes.xlsx", content)
    assert response.status_code == 302
    preview = response["Location"]
    page = manager.get(preview).content.decode()
    assert "Cette date n&#x27;existe pas." in page
    assert "Numéro de téléphone français attendu" in page
    assert "Commune introuvable" in page
    assert "nom proche : Kieffer / Kiefer" in page
    assert Beneficiary.objects.count() == 1  # nothing written yet

    form = {f"col-{i}": key for i, key in enumerate(
        ["last_name", "first_name", "birth_date", "gender", "phone", "commune"])}  # fmt: skip
    response = manager.post(preview, {**form, "import": "1"})
    assert response.status_code == 302
    assert Beneficiary.objects.count() == 3  # 2 created, Kieffer merged into Kiefer
    existing.refresh_from_db()
    assert existing.phone == "06 12 34 56 78"
    schmitt = Beneficiary.objects.get(last_name="Schmitt")
    assert schmitt.commune_id == "67339" and schmitt.phone == "06 11 22 33 44"
    assert AuditEvent.objects.filter(action="create", model="Beneficiary").count() == 2
    assert AuditEvent.objects.filter(action="update", beneficiary_id=existing.pk).exists()
    report = manager.get(response["Location"], {"format": "csv"}).content.decode("utf-8-sig")
    lines = report.splitlines()
    assert lines[0] == "Ligne;Résultat;Fiche;Détail"
    assert [line.split(";")[1] for line in lines[1:]] == [
        "mise à jour",
        "créée",
        "ignorée",
        "ignorée",
        "créée",
    ]
    assert ImportMapping.objects.get(antenna=world.antenna).columns["ne e le"] == "birth_date"


def test_a_windows_csv_with_semicolons_empty_lines_and_a_merged_header(manager, world):
    text = (
        "Nom de famille;Prénom;Date de naissance;;Commune\r\n"
        "\r\n"
        "Hœrdt;Élise;03/04/1975;x;Betschdorf\r\n"
        ";;;;\r\n"
        "Gérard;Zoé;5/6/01;y;67339\r\n"
    ).encode("cp1252")
    response = upload(manager, "export.csv", text)
    assert response.status_code == 302
    page = manager.get(response["Location"]).content.decode()
    assert "Colonne 4" in page  # the merged header cell
    assert page.count('class="has-errors"') == 0
    manager.post(response["Location"], {
        "col-0": "last_name", "col-1": "first_name", "col-2": "birth_date", "col-4": "commune",
        "import": "1"})  # fmt: skip
    zoe = Beneficiary.objects.get(first_name="Zoé")
    assert zoe.birth_date == datetime.date(2001, 6, 5)
    assert Beneficiary.objects.filter(last_name="Hœrdt").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.csv", b";;\r\n\r\n", "Le fichier est vide."),
        ("photo.png", b"\x89PNG....", "Envoyez un fichier CSV ou XLSX."),
        ("casse.xlsx", b"PK\x03\x04broken", "Ce classeur Excel est illisible."),
        (
            "grand.csv",
            ("Nom;Prénom\n" + "Martin;Paul\n" * 100_000).encode(),
            "Le fichier compte plus de 10\xa0000 lignes : importez-le en plusieurs fichiers.",
        ),
    ],
    ids=["empty", "png", "broken-xlsx", "100000-rows"],
)
def test_unreadable_files_are_refused_next_to_the_field(manager, name, content, message):
    response = upload(manager, name, content)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")


def test_a_row_with_errors_cannot_be_forced_and_nothing_is_written(manager, world):
    content = xlsx(
        [
            ["Muller", "Paul", "04/05/1990", "H", "", "Betschdorf"],
            ["Weber", "Anne", "31/02/1990", "F", "", "Betschdorf"],
        ]
    )
    preview = upload(manager, "personnes.xlsx", content)["Location"]
    manager.get(preview)
    form = {f"col-{i}": key for i, key in enumerate(
        ["last_name", "first_name", "birth_date", "gender", "phone", "commune"])}  # fmt: skip
    response = manager.post(preview, {**form, "import": "1", "action-3": "create"}, follow=True)
    assert "La ligne 3 a des erreurs" in response.content.decode()
    assert not Beneficiary.objects.exists()


def test_the_export_round_trips(manager, world):
    for last, first in (("Kiefer", "Nadia"), ("Иванова", "Мария"), ("O'Neil", "Seán")):
        BeneficiaryFactory(antenna=world.antenna, last_name=last, first_name=first)
    exported = manager.get(
        reverse("beneficiary_export_csv", kwargs={"antenna_slug": "antenne-a"})
    ).content
    table = read_table("beneficiaires.csv", exported)
    mapping = PEOPLE.guess_mapping(table.headers)
    assert sorted(mapping.values()) == sorted(c.key for c in PEOPLE.columns)
    membership = world.manager.memberships.get()
    rows = PEOPLE.check(table, mapping, membership=membership)
    assert [r.errors for r in rows] == [{}, {}, {}]
    assert all(r.default_action == "update" for r in rows)


def test_only_managers_import(client, world):
    url = reverse("beneficiary_import", kwargs={"antenna_slug": "antenne-a"})
    for user in (world.staff, world.social_worker, world.neighbour_manager):
        client.force_login(user)
        assert client.get(url).status_code == 404
