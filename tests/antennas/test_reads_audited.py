"""Every read of a person is audited: list pages and API list pages write one event per page
naming the ids shown (never the data); the right-of-access export read by a manager keeps a
structure's confidential notes with that structure."""

import json

import pytest

from beneficiaries.models import AuditEvent
from tests.beneficiaries.factories import BeneficiaryFactory, NoteFactory, ReferralFactory
from tests.services.factories import BookingFactory, VehicleFactory


def _people(world, n):
    return BeneficiaryFactory.create_batch(
        n, antenna=world.antenna, referring_structure=world.structure
    )


def _list_events(user):
    return list(AuditEvent.objects.filter(action="list", actor=user))


@pytest.mark.django_db
class TestListPagesAudited:
    def test_people_list_page(self, client, world):
        people = _people(world, 3)
        client.force_login(world.staff)
        client.get("/a/antenne-a/beneficiaires/")
        (event,) = _list_events(world.staff)
        assert (event.antenna_id, event.model) == (world.antenna.pk, "Beneficiary")
        assert sorted(event.object_ids) == sorted(p.pk for p in people)

    def test_people_api_list_page(self, client, world):
        people = _people(world, 3)
        client.force_login(world.staff)
        body = client.get("/api/a/antenne-a/beneficiaires/").json()
        (event,) = _list_events(world.staff)
        assert sorted(event.object_ids) == sorted(row["id"] for row in body["results"])
        assert sorted(event.object_ids) == sorted(p.pk for p in people)

    def test_one_event_per_api_page_naming_only_that_page(self, client, world, settings):
        _people(world, 60)  # the API pages by 50
        client.force_login(world.staff)
        client.get("/api/a/antenne-a/beneficiaires/?page=2")
        (event,) = _list_events(world.staff)
        assert len(event.object_ids) == 10

    def test_referrals_api_list(self, client, world):
        referral = ReferralFactory(beneficiary=_people(world, 1)[0])
        client.force_login(world.staff)
        client.get("/api/a/antenne-a/orientations/")
        (event,) = _list_events(world.staff)
        assert (event.model, event.object_ids) == ("Referral", [referral.pk])

    def test_bookings_api_list(self, client, world):
        booking = BookingFactory(vehicle=VehicleFactory(antenna=world.antenna))
        client.force_login(world.staff)
        client.get("/api/a/antenne-a/services/bookings/")
        (event,) = _list_events(world.staff)
        assert (event.model, event.object_ids) == ("Booking", [booking.pk])

    def test_vehicles_are_not_people(self, client, world):
        VehicleFactory(antenna=world.antenna)
        client.force_login(world.staff)
        client.get("/api/a/antenne-a/services/vehicles/")
        assert _list_events(world.staff) == []

    def test_api_detail_is_audited(self, client, world):
        person = _people(world, 1)[0]
        client.force_login(world.staff)
        client.get(f"/api/a/antenne-a/beneficiaires/{person.pk}/")
        assert (
            AuditEvent.objects.filter(
                action="view", actor=world.staff, beneficiary_id=person.pk
            ).count()
            == 1
        )


@pytest.mark.django_db
def test_export_read_by_a_manager_keeps_another_structures_confidential_notes(client, world):
    person = _people(world, 1)[0]
    NoteFactory(
        beneficiary=person,
        author=world.social_worker,
        author_structure=world.structure,
        confidential=True,
        text="SECRET-DE-LA-STRUCTURE",
    )
    NoteFactory(beneficiary=person, author=world.staff, text="note-de-l-antenne")
    client.force_login(world.manager)
    response = client.get(f"/a/antenne-a/beneficiaires/{person.pk}/donnees.json")
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    data = json.loads(body)
    text = json.dumps(data, ensure_ascii=False)
    assert "note-de-l-antenne" in text
    assert "SECRET-DE-LA-STRUCTURE" not in text
