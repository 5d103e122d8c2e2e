"""Registering and editing a person: happy path, bad input, duplicates, stale edits, access."""

import datetime

import pytest

from beneficiaries.models import AuditEvent, Beneficiary
from tests.beneficiaries.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


def person_data(**overrides):
    data = {
        "last_name": "Dupont",
        "first_name": "Marie-Hélène",
        "birth_date": "1988-03-14",
        "gender": "f",
        "phone": "+33 6 12 34 56 78",
        "email": "MH.Dupont@example.org",
        "commune": "67339",
        "address": "4 rue des Potiers",
        "situation": "rsa",
        "licence": "code_passed",
        "can_ride_bike": "true",
        "transport_autonomy": "with_help",
        "goals": ["job", "training"],
        "privacy_notice_on": "2026-01-05",
    }
    data.update(overrides)
    return data


def test_social_worker_registers_a_person_of_their_structure(client, world, url):
    client.force_login(world.social_worker)
    response = client.post(url("beneficiary_create"), person_data())
    person = Beneficiary.objects.get(last_name="Dupont")
    assert response.status_code == 302
    assert response.url == url("beneficiary_detail", pk=person.pk)
    assert person.referring_structure == world.structure
    assert person.referent == world.social_worker
    assert person.phone == "06 12 34 56 78"
    assert person.email == "mh.dupont@example.org"
    assert person.goals == ["job", "training"]
    assert AuditEvent.objects.filter(action="create", object_id=person.pk).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "2099-01-01", "La date de naissance ne peut pas être dans le futur."),
        ("phone", "12 34", "Numéro de téléphone français attendu"),
        ("commune", "99999", "Cette commune n&#x27;existe pas dans le territoire"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_kept(
    client, world, field, value, message, url
):
    client.force_login(world.social_worker)
    response = client.post(url("beneficiary_create"), person_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Marie-Hélène"' in html
    assert 'value="4 rue des Potiers"' in html
    assert not Beneficiary.objects.exists()


DATE_FORMAT_MESSAGE = "Date attendue au format jj/mm/aaaa, par exemple 14/07/1990."


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1988-03-14", datetime.date(1988, 3, 14)),  # what <input type="date"> sends
        ("14/03/1988", datetime.date(1988, 3, 14)),  # typed where the browser has no picker
        (" 4/3/1988 ", datetime.date(1988, 3, 4)),
        ("04.03.1988", datetime.date(1988, 3, 4)),
    ],
)
def test_dates_typed_the_french_way_are_read_in_any_language(
    client, world, url, typed, read, language
):
    client.force_login(world.social_worker)
    client.cookies["django_language"] = language
    response = client.post(url("beneficiary_create"), person_data(birth_date=typed))
    assert response.status_code == 302
    assert Beneficiary.objects.get().birth_date == read


@pytest.mark.parametrize("typed", ["31/02/1988", "03/14/1988", "14 mars 1988", "14/03/88"])
def test_a_date_that_cannot_be_read_says_the_expected_format(client, world, url, typed):
    client.force_login(world.social_worker)
    response = client.post(url("beneficiary_create"), person_data(birth_date=typed))
    assert response.context["form"].errors["birth_date"] == [DATE_FORMAT_MESSAGE]
    html = response.content.decode()
    assert 'id="id_birth_date_error"' in html and f'value="{typed}"' in html
    assert 'type="date"' in html and 'placeholder="jj/mm/aaaa"' in html
    assert not Beneficiary.objects.exists()


def test_disability_needs_a_reason(client, world, url):
    client.force_login(world.social_worker)
    response = client.post(url("beneficiary_create"), person_data(disability_recognition="on"))
    assert "Une donnée sensible ne s&#x27;enregistre qu&#x27;avec un motif." in (
        response.content.decode()
    )
    assert not Beneficiary.objects.exists()


def test_disability_is_hidden_from_staff(client, world, url, make_person):
    person = make_person(
        disability_recognition=True,
        disability_reason="Aménagement du poste de travail",
    )
    client.force_login(world.staff)
    detail = client.get(url("beneficiary_detail", pk=person.pk)).content.decode()
    form = client.get(url("beneficiary_edit", pk=person.pk)).content.decode()
    assert "Aménagement du poste" not in detail
    assert "disability_recognition" not in form
    client.force_login(world.manager)
    assert (
        "Aménagement du poste"
        in client.get(url("beneficiary_detail", pk=person.pk)).content.decode()
    )
    # staff saving the record does not wipe what they cannot see
    client.force_login(world.staff)
    client.post(
        url("beneficiary_edit", pk=person.pk),
        person_data(last_name=person.last_name, version=person.version),
    )
    person.refresh_from_db()
    assert person.disability_recognition and person.disability_reason


def test_duplicate_warning_then_confirmation(client, world, url, make_person):
    existing = make_person(
        last_name="DUPONT",
        first_name="Marie Helene",
        birth_date=datetime.date(1988, 3, 14),
    )
    client.force_login(world.social_worker)
    response = client.post(url("beneficiary_create"), person_data())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette personne existe peut-être déjà" in html
    assert url("beneficiary_detail", pk=existing.pk) in html
    assert "même nom · même date de naissance" in html
    assert Beneficiary.objects.count() == 1
    response = client.post(url("beneficiary_create"), person_data(confirm_duplicate="on"))
    assert response.status_code == 302
    assert Beneficiary.objects.count() == 2


def test_duplicates_of_another_structure_are_not_revealed(client, world, url):
    BeneficiaryFactory(
        antenna=world.antenna,
        referring_structure=world.other_structure,
        phone="06 12 34 56 78",
    )
    client.force_login(world.social_worker)
    response = client.post(url("beneficiary_create"), person_data())
    assert response.status_code == 302


def test_duplicate_by_phone_or_email(client, world, url, make_person):
    make_person(email="mh.dupont@example.org")
    client.force_login(world.staff)
    html = client.post(url("beneficiary_create"), person_data()).content.decode()
    assert "même e-mail" in html


def test_stale_edit_is_refused_and_keeps_what_was_typed(client, world, url, person):
    client.force_login(world.social_worker)
    first = person_data(last_name="Martin", version=person.version)
    second = person_data(last_name="Bernard", address="9 rue Neuve", version=person.version)
    assert client.post(url("beneficiary_edit", pk=person.pk), first).status_code == 302
    response = client.post(url("beneficiary_edit", pk=person.pk), second)
    html = response.content.decode()
    assert response.status_code == 409
    assert "modifiée entre-temps par quelqu&#x27;un d&#x27;autre" in html
    assert 'value="9 rue Neuve"' in html
    person.refresh_from_db()
    assert person.last_name == "Martin"
    assert person.version == 2


def test_edit_of_another_antennas_person_is_404(client, world, url):
    person = BeneficiaryFactory(antenna=world.neighbour)
    client.force_login(world.manager)
    assert client.get(url("beneficiary_edit", pk=person.pk)).status_code == 404
    assert client.get(url("beneficiary_detail", pk=person.pk)).status_code == 404


def test_social_worker_of_another_structure_gets_404(client, world, url, person):
    client.force_login(world.other_social_worker)
    assert client.get(url("beneficiary_detail", pk=person.pk)).status_code == 404
    assert client.get(url("diagnostic_create", pk=person.pk)).status_code == 404


def test_reading_a_record_is_audited_without_data(client, world, url, person):
    client.force_login(world.staff)
    client.get(url("beneficiary_detail", pk=person.pk))
    event = AuditEvent.objects.get(action="view")
    assert (event.actor, event.model, event.object_id, event.beneficiary_id) == (
        world.staff,
        "Beneficiary",
        person.pk,
        person.pk,
    )


def test_opening_the_edit_form_is_a_read_and_is_audited(client, world, url, person):
    """The form shows the whole record (disability included for those who may see it)."""
    client.force_login(world.staff)
    client.get(url("beneficiary_edit", pk=person.pk))
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == ("view", world.staff, person.pk)


def test_status_exit_needs_outcome_and_order(client, world, url, person):
    client.force_login(world.staff)
    status_url = url("beneficiary_status", pk=person.pk)
    response = client.post(
        status_url,
        {
            "version": person.version,
            "status": "exited",
            "entry_date": "2026-01-10",
            "exit_date": "2025-12-01",
        },
    )
    html = response.content.decode()
    assert response.context["form"].errors["exit_date"] == [
        "La date de sortie précède la date d'entrée."
    ]
    assert "Indiquez le motif de sortie." in html
    assert 'value="2025-12-01"' in html
    response = client.post(
        status_url,
        {
            "version": person.version,
            "status": "exited",
            "entry_date": "10/06/2025",
            "exit_date": "05/01/2026",
            "exit_outcome": "durable_job",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.status, person.exit_outcome) == ("exited", "durable_job")
    assert (person.entry_date, person.exit_date) == (
        datetime.date(2025, 6, 10),
        datetime.date(2026, 1, 5),
    )


def test_social_worker_cannot_change_status(client, world, url, person):
    client.force_login(world.social_worker)
    assert client.get(url("beneficiary_status", pk=person.pk)).status_code == 404
