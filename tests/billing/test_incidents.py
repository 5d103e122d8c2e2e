"""Incidents: a fine's date and time finds the driver from the bookings, and a vehicle put out
of service is blocked for rentals by PostgreSQL's exclusion constraint."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from billing import incidents
from billing.models import Incident
from services import booking as booking_module
from services.availability import period_of
from tests.services.factories import BeneficiaryFactory, BookingFactory, VehicleFactory, at


@pytest.mark.django_db
def test_a_fine_finds_the_driver_at_that_time(antenna, world):
    car = VehicleFactory(antenna=antenna)
    monday, tuesday = BeneficiaryFactory(antenna=antenna), BeneficiaryFactory(antenna=antenna)
    BookingFactory(vehicle=car, beneficiary=monday, period=period_of(at(-3, 8), at(-3, 18)))
    late = BookingFactory(
        vehicle=car, beneficiary=tuesday, period=period_of(at(-2, 8), at(-2, 12)),
        status="returned", checkout_at=at(-2, 8), checkin_at=at(-2, 15),
    )  # fmt: skip
    fine = incidents.report_incident(
        vehicle=car,
        kind="fine",
        occurred_at=at(-2, 14),
        description="flash 58 km/h",
        by=world.staff,
    )
    assert (fine.booking, fine.driver) == (late, tuesday)  # returned late: still driving at 14:00
    other = incidents.report_incident(
        vehicle=car,
        kind="fine",
        occurred_at=at(-3, 10),
        description="stationnement",
        by=world.staff,
    )
    assert other.driver == monday
    nobody = incidents.report_incident(
        vehicle=car, kind="damage", occurred_at=at(-1, 3), description="vandalisme", by=world.staff
    )
    assert nobody.driver is None


@pytest.mark.django_db
def test_out_of_service_blocks_rentals(antenna, world, person):
    car = VehicleFactory(antenna=antenna)
    incident = incidents.report_incident(
        vehicle=car, kind="breakdown", occurred_at=timezone.now() - timedelta(hours=1),
        description="ne démarre plus", by=world.staff, out_of_service_until=at(5, 18),
    )  # fmt: skip
    assert incident.maintenance.kind == "maintenance"
    with pytest.raises(ValidationError) as error:
        booking_module.book(vehicle=car, beneficiary=person, start=at(2, 9), end=at(2, 12))
    assert "déjà réservé" in " ".join(error.value.messages)


@pytest.mark.django_db
def test_incident_page(client, world, antenna, person):
    car = VehicleFactory(antenna=antenna, name="Kangoo")
    BookingFactory(vehicle=car, beneficiary=person, period=period_of(at(3, 9), at(3, 12)))
    client.force_login(world.staff)
    page = reverse("billing_incidents", kwargs={"antenna_slug": world.antenna.slug})
    response = client.post(page, {
        "vehicle": car.pk, "kind": "accident", "occurred_at": "2026-11-20T10:00",
        "description": "choc arrière", "out_of_service_until": at(4, 9).strftime("%Y-%m-%dT%H:%M"),
    })  # fmt: skip
    assert response.status_code == 400  # the vehicle is booked on day 3: said next to the field
    assert "déjà réservé" in response.context["form"].errors["out_of_service_until"][0]
    assert not Incident.objects.exists()
    response = client.post(
        page,
        {
            "vehicle": car.pk,
            "kind": "accident",
            "occurred_at": "2026-11-20T10:00",
            "description": "choc",
        },
    )
    assert response.status_code == 302
    assert "choc" in client.get(page).content.decode()
    client.force_login(world.neighbour_manager)
    other = reverse("billing_incidents", kwargs={"antenna_slug": world.neighbour.slug})
    assert "choc" not in client.get(other).content.decode()
