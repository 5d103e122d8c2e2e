"""Vehicles and TUS drivers come in through the same import as people: awkward files read, each
cell checked next to it, matched with the fleet or the drivers already there, written in one
transaction (or not at all), audited, reported; their export reads back."""

import pytest
from django.urls import reverse

from beneficiaries.models import AuditEvent, ImportJob, ImportMapping
from mobilex.imports.reading import read_table
from services.importing import DRIVERS, VEHICLES
from services.models import Driver, Vehicle
from tests.imports.helpers import mapping_form, upload, xlsx
from tests.services.factories import DriverFactory, VehicleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, world):
    client.force_login(world.manager)
    return client


def test_a_fleet_workbook_with_merged_headers_is_checked_matched_and_written(manager, world):
    zoe = VehicleFactory(antenna=world.antenna, identifier="AB-123-CD", name="Zoé", odometer_km=10)
    headers = ["Nom", "Immatriculation", "Type", "Énergie", "Places", "Compteur", None, "Prêté"]
    content = xlsx(
        headers,
        [
            ["Zoé bleue", "ab 123 cd", "voiture électrique", "électrique", 5, 41250, None, "non"],
            [None] * 8,  # an empty line
            ["Vélo 1", "V-01", "VAE", "électrique", 1, 0, None, "oui"],
            ["Minibus", "EF-456-GH", "minibus", "gazole", 12, 0, None, ""],  # too many seats
            ["Vélo 1 bis", "v01", "vélo", "musculaire", 1, 0, None, ""],  # same number as V-01
            ["Fusée", "ZZ-1", "fusée", "gazole", 1, 0, None, ""],  # unknown kind
        ],
        merge="F1:G1",  # "Compteur" spread over two cells: the second has no name
    )
    response = upload(manager, "vehicle_import", "flotte.xlsx", content)
    assert response.status_code == 302
    preview = response["Location"]
    page = manager.get(preview).content.decode().replace("&#x27;", "'")
    assert "Colonne 7" in page
    assert "même immatriculation" in page
    assert "Nombre attendu entre 1 et 9." in page
    assert "Même fiche que la ligne 4 du fichier." in page
    assert "Valeur inconnue ; valeurs possibles : vélo à assistance électrique" in page
    assert Vehicle.objects.count() == 1  # nothing written yet

    form = mapping_form(
        ["name", "identifier", "kind", "energy", "seats", "odometer_km", "", "is_lent"]
    )
    response = manager.post(preview, {**form, "import": "1"})
    assert response.status_code == 302
    zoe.refresh_from_db()
    assert (zoe.name, zoe.odometer_km, zoe.kind) == ("Zoé bleue", 41250, "electric_car")
    bike = Vehicle.objects.get(identifier="V-01")
    assert bike.kind == Vehicle.Kind.EBIKE and bike.is_lent
    assert Vehicle.objects.count() == 2
    assert AuditEvent.objects.filter(model="Vehicle", action="create", object_id=bike.pk).exists()
    assert AuditEvent.objects.filter(model="Vehicle", action="update", object_id=zoe.pk).exists()
    report = manager.get(response["Location"], {"format": "csv"}).content.decode("utf-8-sig")
    assert [line.split(";")[1] for line in report.splitlines()[1:]] == [
        "mise à jour", "créée", "ignorée", "ignorée", "ignorée"]  # fmt: skip
    saved = ImportMapping.objects.get(antenna=world.antenna, kind="vehicules").columns
    assert saved["compteur"] == "odometer_km" and "colonne 7" not in saved


def test_a_windows_csv_of_drivers_with_commas_matches_by_name_or_phone(manager, world):
    known = DriverFactory(antenna=world.antenna, last_name="Hœrdt", first_name="Émile", phone="")
    by_phone = DriverFactory(
        antenna=world.antenna, last_name="Weiss", first_name="Léa", phone="06 11 22 33 44"
    )
    text = (
        "Nom,Prénom,Téléphone,Bénévole\r\n"
        "\r\n"
        "HOERDT,Emile,06 99 88 77 66,oui\r\n"
        "Weiss-Muller,Léa,+33 6 11 22 33 44,non\r\n"
        ",,,\r\n"
        "Gérard,Zoé,0388123456,peut-être\r\n"
        "Kœnig,Anaïs,03 88 00 00 01,non\r\n"
    ).encode("cp1252")
    response = upload(manager, "driver_import", "conducteurs.csv", text)
    preview = response["Location"]
    page = manager.get(preview).content.decode()
    assert "même nom" in page and "même téléphone" in page
    assert "« oui » ou « non » attendu." in page
    manager.post(
        preview,
        {**mapping_form(["last_name", "first_name", "phone", "is_volunteer"]), "import": "1"},
    )
    known.refresh_from_db()
    by_phone.refresh_from_db()
    assert known.phone == "06 99 88 77 66"
    assert by_phone.last_name == "Weiss-Muller" and not by_phone.is_volunteer
    koenig = Driver.objects.get(last_name="Kœnig")
    assert (koenig.antenna, koenig.phone, koenig.is_volunteer) == (
        world.antenna,
        "03 88 00 00 01",
        False,
    )
    assert not Driver.objects.filter(last_name="Gérard").exists()  # its row had an error
    assert AuditEvent.objects.filter(model="Driver", action="create", object_id=koenig.pk).exists()


def test_choosing_create_for_a_known_plate_fails_whole_and_writes_nothing(manager, world):
    VehicleFactory(antenna=world.antenna, identifier="AB-123-CD")
    content = xlsx(
        ["Nom", "Immatriculation", "Type", "Énergie"],
        [
            ["Clio", "XY-999-ZZ", "voiture", "essence"],
            ["Zoé", "AB-123-CD", "voiture", "électrique"],
        ],
    )
    preview = upload(manager, "vehicle_import", "flotte.xlsx", content)["Location"]
    form = mapping_form(["name", "identifier", "kind", "energy"])
    response = manager.post(preview, {**form, "import": "1", "action-3": "create"})
    page = response.content.decode().replace("&#x27;", "'")
    assert "Ligne 3 : Un véhicule de l'antenne porte déjà ce numéro." in page
    assert not Vehicle.objects.filter(identifier="XY-999-ZZ").exists()  # line 2 rolled back
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


@pytest.mark.parametrize(
    ("importer", "url_name", "make"),
    [
        (VEHICLES, "vehicle_export_csv", lambda w: VehicleFactory(antenna=w.antenna, is_lent=True)),
        (
            DRIVERS,
            "driver_export_csv",
            lambda w: DriverFactory(antenna=w.antenna, phone="06 11 22 33 44"),
        ),
    ],
    ids=["vehicles", "drivers"],
)
def test_the_export_reads_back_as_the_same_records(manager, world, importer, url_name, make):
    records = [make(world), make(world)]
    exported = manager.get(reverse(url_name, kwargs={"antenna_slug": "antenne-a"})).content
    table = read_table(importer.export_name, exported)
    mapping = importer.guess_mapping(table.headers)
    assert sorted(mapping.values()) == sorted(c.key for c in importer.columns)
    rows = importer.check(table, mapping, membership=world.manager.memberships.get())
    assert [r.errors for r in rows] == [{}, {}]
    assert {r.match.obj for r in rows} == set(records)
    for row in rows:  # every value read back is the record's own
        assert all(getattr(row.match.obj, k) == v for k, v in row.values.items())
    assert AuditEvent.objects.filter(action="list", object_ids__contains=[records[0].pk]).exists()


def test_another_antennas_job_is_a_404_and_only_managers_import(client, world):
    client.force_login(world.manager)
    content = xlsx(["Nom", "Prénom"], [["Weiss", "Léa"]])
    preview = upload(client, "driver_import", "c.xlsx", content)["Location"]
    client.force_login(world.neighbour_manager)
    assert client.get(preview.replace("antenne-a", world.neighbour.slug)).status_code == 404
    for user in (world.staff, world.social_worker, world.neighbour_manager):
        client.force_login(user)
        for name in ("vehicle_import", "driver_import"):
            assert (
                client.get(reverse(name, kwargs={"antenna_slug": "antenne-a"})).status_code == 404
            )
