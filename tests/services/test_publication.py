"""The antennas' offer published in the data·inclusion schema v1: what data·inclusion reads is
valid against the schema's own package, holds only what managers chose to publish, and never a
person's data."""

import csv
import io

import pytest
from data_inclusion.schema import v1
from django.urls import reverse

from antennas.models import Commune, Role
from services.catalogue import ServiceKind
from services.models import PublicProfile, PublishedService
from tests.factories import AntennaFactory, commune, member
from tests.services.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "L'antenne prête des vélos à assistance électrique aux personnes qui doivent rejoindre un "
    "emploi ou une formation, avec une prise en main avant la première sortie."
)


def publish(antenna, *kinds, published=True):
    PublicProfile.objects.update_or_create(
        antenna=antenna,
        defaults={
            "published": published,
            "description": "Antenne d'écomobilité solidaire.",
            "phone": "03 88 54 00 00",
            "email": "antenne@mobilex.example",
            "opening_hours": "Mo-Fr 09:00-12:00",
        },
    )
    for kind in kinds:
        PublishedService.objects.create(
            antenna=antenna,
            kind=kind,
            published=True,
            name=f"Service {ServiceKind(kind).label}",
            description=DESCRIPTION,
            fees="payant",
            fees_details="1,75 € par jour",
            publics=["demandeurs-emploi"],
        )


def all_pages(client, name):
    url, records, pages = reverse(name), [], 0
    while url:
        body = client.get(url).json()
        records += body["results"]
        url, pages = body["next"], pages + 1
    return records, pages


def test_published_records_are_valid_against_the_schema_package(client, world):
    world.territory.communes.set(Commune.objects.filter(insee_code__in=["67339", "67046"]))
    publish(world.antenna, ServiceKind.EBIKE_RENTAL, ServiceKind.TUS, ServiceKind.WORKSHOP)
    structures, _ = all_pages(client, "data_inclusion_structures")
    services, _ = all_pages(client, "data_inclusion_services")
    assert [s["id"] for s in structures] == ["mobilex--antenne-a"]
    assert len(services) == 3
    for record in structures:
        v1.Structure.model_validate(record)
    for record in services:
        service = v1.Service.model_validate(record)
        assert service.structure_id == "mobilex--antenne-a"
        assert all(t.value.startswith("mobilite--") for t in service.thematiques)
    tus = next(s for s in services if s["id"].endswith("--tus"))
    assert tus["zone_eligibilite"] == ["67046", "67339"]
    assert tus["telephone"] == "+33388540000"
    assert tus["mobilisable_par"] == ["professionnels", "usagers"]


def test_only_what_managers_publish_is_read_and_no_one_s_data(client, world):
    publish(world.antenna, ServiceKind.EBIKE_RENTAL)
    publish(world.neighbour, ServiceKind.TUS, published=False)  # draft antenna
    PublishedService.objects.filter(antenna=world.antenna).update(published=True)
    PublishedService.objects.create(
        antenna=world.antenna,
        kind=ServiceKind.CAR_SHARING,
        name="Autopartage (brouillon)",
        description=DESCRIPTION,
        fees="gratuit",
    )
    BeneficiaryFactory(
        antenna=world.antenna, last_name="Canarixyz", first_name="Zoé", phone="0611223344"
    )
    services, _ = all_pages(client, "data_inclusion_services")
    assert [s["nom"] for s in services] == [f"Service {ServiceKind.EBIKE_RENTAL.label}"]
    for name in (
        "data_inclusion_structures",
        "data_inclusion_services",
        "data_inclusion_structures_csv",
        "data_inclusion_services_csv",
    ):
        body = client.get(reverse(name)).content.decode()
        assert "Canarixyz" not in body and "0611223344" not in body
        assert "Antenne B" not in body


def test_pages_are_keyset_and_their_query_count_does_not_grow(
    client, world, django_assert_num_queries
):
    def antennas(n):
        for _ in range(n):
            publish(AntennaFactory(territory=world.territory), *ServiceKind.values)

    antennas(3)  # 21 services: one page
    with django_assert_num_queries(3):  # services, their communes, the territories' communes
        client.get(reverse("data_inclusion_services"))
    antennas(20)  # 161 services: two pages of 100
    with django_assert_num_queries(3):
        first = client.get(reverse("data_inclusion_services")).json()
    assert len(first["results"]) == 100 and "cursor=" in first["next"]
    records, pages = all_pages(client, "data_inclusion_services")
    assert pages == 2 and len({r["id"] for r in records}) == 161


def test_csv_holds_the_same_records(client, world):
    publish(world.antenna, ServiceKind.EBIKE_RENTAL, ServiceKind.WORKSHOP)
    response = client.get(reverse("data_inclusion_services_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["id"] for r in rows} == {
        "mobilex--antenne-a--ebike-rental",
        "mobilex--antenne-a--workshop",
    }
    assert rows[0]["modes_mobilisation"] == "telephoner,se-presenter,envoyer-un-courriel"


def test_a_manager_describes_previews_and_publishes_a_service(client, world):
    world.territory.communes.set([commune("67339"), commune("67046")])
    client.force_login(world.manager)
    url = reverse(
        "services_offer_service", kwargs={"antenna_slug": "antenne-a", "kind": "ebike_rental"}
    )
    response = client.post(
        url,
        {
            "published": "on",
            "name": "Vélos",
            "description": "Court",
            "fees": "payant",
            "fees_details": "",
            "publics": ["tous-publics", "jeunes"],
            "opening_hours": "lundi 9h-12h",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Précisez les frais d&#x27;un service payant" in page
    assert "Tous publics » ne se combine pas" in page
    assert "Horaires au format OpenStreetMap attendus" in page
    assert 'value="Vélos"' in page  # nothing typed is lost
    assert not PublishedService.objects.exists()

    response = client.post(
        url,
        {
            "published": "on",
            "name": "Location de vélos à assistance électrique",
            "description": DESCRIPTION,
            "fees": "payant",
            "fees_details": "1,75 € par jour",
            "publics": ["jeunes"],
            "opening_hours": "Mo-Fr 09:00-12:00; PH off",
            "communes": ["67339"],
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Aperçu" in page and "1 commune" in page
    # Not read by data·inclusion until the antenna itself is published.
    assert client.get(reverse("data_inclusion_services")).json()["results"] == []
    offer = reverse("services_offer", kwargs={"antenna_slug": "antenne-a"})
    client.post(offer, {"published": "on", "description": "Antenne de test.", "siret": ""})
    [record] = client.get(reverse("data_inclusion_services")).json()["results"]
    assert record["zone_eligibilite"] == ["67339"]
    assert record["horaires_accueil"] == "Mo-Fr 09:00-12:00; PH off"


def test_completeness_tells_what_is_missing(client, world):
    client.force_login(world.manager)
    publish(world.antenna, ServiceKind.TUS)
    page = client.get(reverse("services_offer", kwargs={"antenna_slug": "antenne-a"}))
    text = page.content.decode()
    assert "Complétude : 57 %" in text  # description, phone, e-mail, hours: 4 of 7
    assert "SIRET" in text and "page Accèslibre" in text


def test_only_the_antenna_manager_edits_the_offer(client, world):
    url = reverse("services_offer", kwargs={"antenna_slug": "antenne-a"})
    for user in (world.staff, world.social_worker, world.neighbour_manager, world.officer):
        client.force_login(user)
        assert client.get(url).status_code == 404
    other = member(world.antenna, Role.STAFF)
    client.force_login(other)
    assert client.post(url, {"published": "on"}).status_code == 404
    assert not PublicProfile.objects.filter(published=True).exists()


def test_an_unknown_service_kind_is_a_404(client, world):
    client.force_login(world.manager)
    url = reverse("services_offer_service", kwargs={"antenna_slug": "antenne-a", "kind": "x"})
    assert client.get(url).status_code == 404


def test_territory_communes_are_the_default_zone(world):
    from services import publication

    world.territory.communes.set([commune("67339")])
    publish(world.antenna, ServiceKind.WORKSHOP)
    [record] = publication.service_records(publication.published_services())
    assert record["zone_eligibilite"] == ["67339"]
