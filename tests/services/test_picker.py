"""The person picker: search as you type among the antenna's people, a search step without
JavaScript, the chosen person kept on error, and a form page that does not grow with the file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beneficiaries.models import Beneficiary
from services.availability import period_of
from services.models import Booking
from services.picker import LIMIT
from tests.services.factories import BeneficiaryFactory, BookingFactory, at

pytestmark = pytest.mark.django_db


def url(name, antenna):
    return reverse(name, kwargs={"antenna_slug": antenna.slug})


def local(dt):
    return dt.strftime("%Y-%m-%dT%H:%M")


def found(client, antenna, text, field="beneficiary"):
    response = client.get(
        url("services_people", antenna), {"field": field, f"{field}_search": text}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_only_the_antennas_people(staff, world, antenna):
    mine = BeneficiaryFactory(antenna=antenna, last_name="Muller", first_name="Sonia")
    BeneficiaryFactory(antenna=world.neighbour, last_name="Muller", first_name="Voisine")
    BeneficiaryFactory(antenna=antenna, last_name="Muller", first_name="Partie", status="exited")
    body = found(staff, antenna, "mull")
    assert "1 personne trouvée" in body
    assert f'name="beneficiary_pick" value="{mine.pk}"' in body
    assert "Voisine" not in body and "Partie" not in body
    assert "Personne ne correspond" in found(staff, antenna, "zzz")
    assert found(staff, antenna, "  ").strip() == ""  # nothing typed, nothing listed
    # the field's name comes back in the result buttons, anything odd falls back
    assert 'name="driver_beneficiary_pick"' in found(staff, antenna, "mull", "driver_beneficiary")
    body = staff.get(
        url("services_people", antenna), {"field": "x<y", "beneficiary_search": "mull"}
    ).content.decode()
    assert 'name="beneficiary_pick"' in body


def test_search_lists_at_most_a_few(staff, antenna):
    BeneficiaryFactory.create_batch(LIMIT + 2, antenna=antenna, last_name="Weber")
    body = found(staff, antenna, "weber")
    assert body.count("data-pick=") == LIMIT
    assert "précisez la recherche" in body


def test_search_is_404_for_outsiders(client, world, antenna):
    for user in (world.social_worker, world.neighbour_manager, world.officer):
        client.force_login(user)
        assert client.get(url("services_people", antenna), {"q": "a"}).status_code == 404


def test_search_step_without_javascript_keeps_everything(staff, antenna, car, person):
    data = {"beneficiary_search": "personne", "vehicle": car.pk, "start": local(at(1, 9)),
            "end": local(at(1, 12)), "purpose": "job", "reference_mode": "car_thermal",
            "notes": "clé au bureau"}  # fmt: skip
    response = staff.post(
        url("services_booking_create", antenna), {**data, "beneficiary_find": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Booking.objects.exists()
    assert f'name="beneficiary_pick" value="{person.pk}"' in body
    assert "clé au bureau" in body and 'value="personne"' in body
    assert "errorlist" not in body  # a search step, not a failed submission
    response = staff.post(
        url("services_booking_create", antenna), {**data, "beneficiary_pick": person.pk}
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Booking.objects.exists()
    assert f'name="beneficiary" id="id_beneficiary" value="{person.pk}"' in body
    assert f"<strong data-chosen>{person}</strong>" in body
    response = staff.post(
        url("services_booking_create", antenna), {**data, "beneficiary": person.pk}
    )
    assert response.status_code == 302 and Booking.objects.get().beneficiary == person


def test_chosen_person_is_shown_again_on_error(staff, antenna, car, person):
    BookingFactory(vehicle=car, period=period_of(at(1, 8), at(1, 18)))
    response = staff.post(
        url("services_booking_create", antenna),
        {"beneficiary": person.pk, "beneficiary_search": "pers", "vehicle": car.pk,
         "start": local(at(1, 9)), "end": local(at(1, 12)), "purpose": "job",
         "reference_mode": "car_thermal"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400 and "déjà réservé" in body
    assert f'name="beneficiary" id="id_beneficiary" value="{person.pk}"' in body
    assert f"<strong data-chosen>{person}</strong>" in body and 'value="pers"' in body
    response = staff.post(url("services_booking_create", antenna), {"vehicle": car.pk})
    body = response.content.decode()
    assert response.status_code == 400 and 'aria-invalid="true"' in body  # on the search box


def test_booking_form_does_not_grow_with_the_people(staff, antenna, car, person):
    def page():
        with CaptureQueriesContext(connection) as queries:
            response = staff.get(url("services_booking_create", antenna))
        assert response.status_code == 200
        return len(queries), len(response.content)

    BeneficiaryFactory.create_batch(9, antenna=antenna)
    page()  # warm the session
    small = page()
    Beneficiary.objects.bulk_create(BeneficiaryFactory.build_batch(290, antenna=antenna))
    assert Beneficiary.objects.filter(antenna=antenna).count() == 300
    large = page()
    assert small[0] == large[0]
    assert abs(small[1] - large[1]) < 50  # the CSRF token may differ a little, not the people
