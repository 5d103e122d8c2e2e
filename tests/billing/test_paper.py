"""Workshop paper: the attendance sheet lists the registered people with a signature column;
the attestation goes to someone who was there, for the team and their own prescriber only."""

import subprocess

import pytest
from django.urls import reverse

from services.models import Registration, Session
from tests.services.factories import BeneficiaryFactory, at


def text(response) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                         check=True)  # fmt: skip
    return out.stdout.decode()


@pytest.fixture
def session(antenna, world, person):
    session = Session.objects.create(
        antenna=antenna, kind="ebike_training", title="Prendre en main un VAE", starts_at=at(-1, 14)
    )
    Registration.objects.create(antenna=antenna, session=session, beneficiary=person,
                                attendance="present")  # fmt: skip
    other = BeneficiaryFactory(antenna=antenna, referring_structure=world.other_structure)
    Registration.objects.create(antenna=antenna, session=session, beneficiary=other)
    Registration.objects.create(
        antenna=antenna,
        session=session,
        status="cancelled",
        beneficiary=BeneficiaryFactory(antenna=antenna, last_name="Parti"),
    )
    return session  # fmt: skip


def url(name, world, pk):
    return reverse(name, kwargs={"antenna_slug": world.antenna.slug, "pk": pk})


@pytest.mark.django_db
def test_attendance_sheet(client, world, session, person):
    client.force_login(world.staff)
    sheet = text(client.get(url("paper_sheet", world, session.pk)))
    assert "Feuille d'émargement" in sheet and "Signature" in sheet
    assert person.last_name.upper() in sheet and world.structure.name in sheet
    assert "PARTI" not in sheet  # cancelled
    client.force_login(world.social_worker)
    assert client.get(url("paper_sheet", world, session.pk)).status_code == 404


@pytest.mark.django_db
def test_attestation_for_the_prescriber_of_a_present_person(client, world, session, person):
    present = session.registrations.get(beneficiary=person)
    absent = session.registrations.get(beneficiary__referring_structure=world.other_structure)
    client.force_login(world.social_worker)  # S1 referred `person`
    attestation = text(client.get(url("paper_attestation", world, present.pk)))
    assert "Attestation de participation" in attestation
    assert "Prendre en main un VAE" in attestation and world.structure.name in attestation
    assert client.get(url("paper_attestation", world, absent.pk)).status_code == 404
    client.force_login(world.other_social_worker)
    assert client.get(url("paper_attestation", world, present.pk)).status_code == 404
    client.force_login(world.staff)
    assert client.get(url("paper_attestation", world, absent.pk)).status_code == 404  # not there


@pytest.mark.django_db
def test_attendance_signed_on_the_phone_marks_the_person_present(client, world, session, person):
    from billing.models import AttendanceSignature

    waiting = session.registrations.get(beneficiary__referring_structure=world.other_structure)
    client.force_login(world.staff)
    page = reverse(
        "paper_sign_attendance", kwargs={"antenna_slug": world.antenna.slug, "pk": waiting.pk}
    )
    response = client.post(page, {"person_name": "Nom Saisi"})
    assert response.status_code == 400 and "Faites signer" in response.content.decode()
    assert client.post(page, {"person_name": "Nom Saisi", "typed_consent": "on"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.attendance == "present"
    assert AttendanceSignature.objects.get(registration=waiting).method == "typed"
    detail = reverse("services_session", kwargs={"antenna_slug": world.antenna.slug,
                                                  "pk": session.pk})  # fmt: skip
    assert client.get(detail).status_code == 200
    client.force_login(world.neighbour_manager)
    other = reverse(
        "paper_sign_attendance", kwargs={"antenna_slug": world.neighbour.slug, "pk": waiting.pk}
    )
    assert client.get(other).status_code == 404
