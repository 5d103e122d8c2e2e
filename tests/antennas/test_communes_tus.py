"""A TUS trip anywhere in France is judged by the 100 km rule on the communes' coordinates times
the antenna's road factor, recomputed here with another formula (spherical law of cosines)."""

from decimal import ROUND_HALF_UP, Decimal
from math import acos, cos, radians, sin

import pytest
from django.urls import reverse
from django.utils import timezone

from antennas.models import Commune
from services.models import ServiceSettings, Trip
from tests.services.factories import BeneficiaryFactory, at

pytestmark = pytest.mark.django_db


def expected_km(origin, destination, factor) -> Decimal:
    lat1, lon1 = radians(origin.latitude), radians(origin.longitude)
    lat2, lon2 = radians(destination.latitude), radians(destination.longitude)
    angle = acos(sin(lat1) * sin(lat2) + cos(lat1) * cos(lat2) * cos(lon2 - lon1))
    km = Decimal(str(6371.0 * angle)) * Decimal(factor)
    return km.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def french(km: Decimal) -> str:
    return str(km).replace(".", ",")


@pytest.fixture
def antenna(world):
    ServiceSettings.objects.create(antenna=world.antenna)
    return world.antenna


@pytest.fixture
def person(antenna):
    # Eligible by resources (C2S): the residence-only rule does not bound the destination.
    return BeneficiaryFactory(antenna=antenna, has_c2s=True)


@pytest.fixture
def staff(client, world, antenna):
    client.force_login(world.staff)
    return client


def post_trip(staff, antenna, person, dropoff):
    local = lambda dt: timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    return staff.post(
        reverse("services_trip_create", kwargs={"antenna_slug": antenna.slug}),
        {"beneficiary": person.pk, "pickup": "67339", "dropoff": dropoff,
         "start": local(at(1, 9)), "end": local(at(1, 12)), "purpose": "care",
         "reference_mode": "car_thermal", "membership_paid_today": "on"},
    )  # fmt: skip


def test_a_trip_to_colmar_from_betschdorf_is_refused_over_100_km(staff, antenna, person):
    betschdorf, colmar = Commune.objects.get(pk="67339"), Commune.objects.get(pk="68066")
    km = expected_km(betschdorf, colmar, "1.30")
    assert km > 100
    response = post_trip(staff, antenna, person, "68066")
    body = response.content.decode()
    assert response.status_code == 400 and not Trip.objects.exists()
    assert f"Trajet estimé à {french(km)} km : le TUS est limité à 100 km." in body
    assert 'name="dropoff" id="id_dropoff" value="68066"' in body  # nothing typed is lost
    assert "Colmar (68000)" in body


def test_a_trip_to_saverne_follows_the_computation(staff, antenna, person):
    betschdorf, saverne = Commune.objects.get(pk="67339"), Commune.objects.get(pk="67437")
    km = expected_km(betschdorf, saverne, "1.30")
    assert 50 < km < 100
    response = post_trip(staff, antenna, person, "67437")
    assert response.status_code == 302
    assert Trip.objects.get().distance_km == km
    # With a road factor of 2.5 the same trip passes 100 km: refused with its distance.
    ServiceSettings.objects.filter(antenna=antenna).update(tus_road_factor=Decimal("2.5"))
    longer = expected_km(betschdorf, saverne, "2.5")
    assert longer > 100
    response = post_trip(staff, antenna, person, "67437")
    assert response.status_code == 400 and Trip.objects.count() == 1
    assert f"Trajet estimé à {french(longer)} km" in response.content.decode()


def test_the_form_searches_communes_without_javascript(staff, antenna, person):
    """The "Chercher" button is a search step: the form comes back with the matches, unsaved."""
    response = staff.post(
        reverse("services_trip_create", kwargs={"antenna_slug": antenna.slug}),
        {"beneficiary": person.pk, "dropoff_search": "saverne", "dropoff_find": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Trip.objects.exists()
    assert 'name="dropoff_pick" value="67437"' in body and "Ce champ est obligatoire" not in body
    response = staff.post(
        reverse("services_trip_create", kwargs={"antenna_slug": antenna.slug}),
        {"beneficiary": person.pk, "dropoff_pick": "67437"},
    )
    assert 'name="dropoff" id="id_dropoff" value="67437"' in response.content.decode()
