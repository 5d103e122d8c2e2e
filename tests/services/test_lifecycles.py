"""Every cancellable thing of the bouquet can be called off, with who, when and why, and
cancelling frees what it held: vehicle, driver slot, seat, workshop place, uses, report."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from beneficiaries.models import AuditEvent
from indicators.tus import tus_figures
from services import booking, carpool, lifecycles, timeline, tus, workshops
from services.models import (
    Booking,
    Registration,
    Ride,
    RidePassenger,
    RideRequest,
    ServiceUse,
    Trip,
)
from services.occupancy import free_vehicles
from tests.factories import commune
from tests.services.factories import (
    BeneficiaryFactory,
    DriverFactory,
    SessionFactory,
    VehicleFactory,
    at,
)
from tests.services.test_occupancy import requested_trip

pytestmark = pytest.mark.django_db


def url(antenna, path):
    return f"/a/{antenna.slug}/{path}"


def test_the_tables_name_only_real_statuses():
    for model, transitions in lifecycles.LIFECYCLES.items():
        statuses = set(model.Status.values)
        for transition in transitions.values():
            assert transition.sources <= statuses and transition.target in statuses


@pytest.fixture
def scheduled(antenna, person, car):
    trip = requested_trip(antenna, person, at(1, 7), at(1, 12))
    return tus.accept(trip=trip, driver=DriverFactory(antenna=antenna), vehicle=car)


def test_a_cancelled_trip_frees_its_driver_and_vehicle(world, antenna, car, scheduled):
    assert car not in free_vehicles(antenna=antenna, start=at(1, 8), end=at(1, 9))
    trip = tus.cancel(trip=scheduled, by=world.staff, reason="La passagère a appelé")
    assert (trip.status, trip.cancelled_by, trip.cancel_reason) == (
        "cancelled", world.staff, "La passagère a appelé"
    )  # fmt: skip
    assert trip.cancelled_at is not None
    assert Booking.objects.get(pk=trip.booking_id).status == "cancelled"
    assert car in free_vehicles(antenna=antenna, start=at(1, 8), end=at(1, 9))
    # The same driver and vehicle take another trip at the same time.
    other = requested_trip(antenna, BeneficiaryFactory(antenna=antenna), at(1, 7), at(1, 12))
    tus.accept(trip=other, driver=trip.driver, vehicle=car)
    with pytest.raises(ValidationError, match="demandé ou planifié"):
        tus.cancel(trip=trip, reason="encore")


def test_a_trip_is_cancelled_only_with_a_reason(scheduled):
    with pytest.raises(ValidationError) as refused:
        tus.cancel(trip=scheduled, reason="  ")
    assert refused.value.message_dict == {"reason": ["Indiquez le motif de l'annulation."]}


def test_the_prefects_report_does_not_count_cancelled_trips(antenna, person, car, scheduled):
    done = requested_trip(antenna, person, at(1, 13), at(1, 14))
    tus.mark_done(trip=tus.accept(trip=done, driver=DriverFactory(antenna=antenna)))
    tus.cancel(trip=scheduled, reason="annulé par téléphone")
    figures = tus_figures(antenna=antenna, year=at(1).year)
    assert (figures["trips"], figures["km"], figures["passengers"]) == (1, done.distance_km, 1)
    assert figures["owned_vehicles"] == 0 and figures["drivers"]["drove"] == 1


def test_a_done_trip_cannot_be_cancelled_but_a_manager_corrects_its_km(world, antenna, scheduled):
    trip = tus.mark_done(trip=scheduled)
    with pytest.raises(ValidationError):
        tus.cancel(trip=trip, reason="trop tard")
    tus.correct_km(trip=trip, km=Decimal("12.5"), by=world.manager, reason="compteur")
    assert ServiceUse.objects.get(source_model="Trip", source_id=trip.pk).km == Decimal("12.5")
    event = AuditEvent.objects.get(model="Trip", object_id=trip.pk)
    assert (event.actor, event.action) == (world.manager, "update")


def test_correcting_km_is_for_managers(client, world, antenna, scheduled):
    trip = tus.mark_done(trip=scheduled)
    client.force_login(world.staff)
    page = url(antenna, f"tus/trajets/{trip.pk}/corriger/")
    assert client.post(page, {"km": "20"}).status_code in (403, 404)
    client.force_login(world.manager)
    response = client.post(page, {"km": "0"})
    assert response.status_code == 400
    assert client.post(page, {"km": "20,5"}).status_code == 302
    trip.refresh_from_db()
    assert trip.distance_km == Decimal("20.5")


def test_a_trip_called_off_from_its_page_shows_on_the_timeline(staff, antenna, scheduled):
    page = url(antenna, f"tus/trajets/{scheduled.pk}/annuler/")
    assert "Annuler le trajet" in staff.get(page).content.decode()
    response = staff.post(page, {"reason": ""})
    assert response.status_code == 400 and "Ce champ est obligatoire" in response.content.decode()
    assert staff.post(page, {"reason": "Rendez-vous reporté"}).status_code == 302
    event = timeline.trips.event(Trip.objects.get(pk=scheduled.pk), None)
    assert "annulé : Rendez-vous reporté" in event.detail


def test_the_api_cancels_with_the_same_rules(staff, antenna, person, car, scheduled):
    api = f"/api/a/{antenna.slug}/services/"
    response = staff.post(
        api + f"trips/{scheduled.pk}/cancel/", {}, content_type="application/json"
    )
    assert response.status_code == 400 and "motif" in response.content.decode()
    response = staff.post(
        api + f"trips/{scheduled.pk}/cancel/", {"reason": "malade"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    rental = booking.book(vehicle=car, beneficiary=person, start=at(2, 9), end=at(2, 12))
    response = staff.post(
        api + f"bookings/{rental.pk}/cancel/", {"reason": "SMS"}, content_type="application/json"
    )
    assert response.json()["cancel_reason"] == "SMS"
    response = staff.post(
        api + f"bookings/{rental.pk}/cancel/", {}, content_type="application/json"
    )
    assert response.status_code == 400


def ride_with(antenna, passengers):
    ride = Ride.objects.create(
        antenna=antenna, driver_kind="beneficiary",
        driver_beneficiary=BeneficiaryFactory(antenna=antenna),
        origin=commune("67339"), destination=commune("67180"), departure=at(1, 7),
        seats=3, distance_km=20, rate_per_km="0.15",
    )  # fmt: skip
    seats = []
    for person in passengers:
        request = RideRequest.objects.create(
            antenna=antenna, beneficiary=person, origin=commune("67339"),
            destination=commune("67180"), wanted_at=at(1, 7),
        )  # fmt: skip
        seats.append(carpool.book_seat(ride=ride, beneficiary=person, request=request))
    return ride, seats


def test_a_cancelled_ride_frees_every_seat_and_reopens_the_requests(world, antenna):
    ride, seats = ride_with(antenna, [BeneficiaryFactory(antenna=antenna) for _ in range(2)])
    carpool.cancel_ride(ride=ride, by=world.staff, reason="Voiture en panne")
    assert set(RidePassenger.objects.values_list("status", "cancel_reason")) == {
        ("cancelled", "Voiture en panne")
    }
    assert set(RideRequest.objects.values_list("status", flat=True)) == {"open"}
    with pytest.raises(ValidationError):
        carpool.mark_done(ride=ride)


def test_a_cancelled_request_frees_its_seat_and_the_others_pay_their_new_share(antenna):
    ride, (first, second) = ride_with(
        antenna, [BeneficiaryFactory(antenna=antenna) for _ in range(2)]
    )
    shared = RidePassenger.objects.get(pk=second.pk).cost_share
    carpool.cancel_request(request=first.request, reason="a trouvé un emploi à pied")
    assert RidePassenger.objects.get(pk=first.pk).status == "cancelled"
    assert RideRequest.objects.get(pk=first.request_id).status == "cancelled"
    assert RidePassenger.objects.get(pk=second.pk).cost_share > shared


def test_unregistering_serves_the_waiting_list_and_asks_first(staff, antenna):
    session = SessionFactory(antenna=antenna, capacity=1)
    first, second = (BeneficiaryFactory(antenna=antenna) for _ in range(2))
    registered = workshops.register(session=session, beneficiary=first)
    waiting = workshops.register(session=session, beneficiary=second)
    assert waiting.status == "waiting"
    page = url(antenna, f"ateliers/inscriptions/{registered.pk}/annuler/")
    confirmation = staff.get(page).content.decode()
    assert (
        "Désinscrire" in confirmation
        and Registration.objects.get(pk=registered.pk).status == "registered"
    )
    assert staff.post(page, {"reason": "malade"}).status_code == 302
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
    cancelled = Registration.objects.get(pk=registered.pk)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "malade")


def test_a_cancelled_booking_records_who_and_frees_the_vehicle(world, antenna, person, car):
    rental = booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))
    booking.cancel(booking=rental, by=world.staff, reason="plus besoin")
    rental.refresh_from_db()
    assert (rental.cancelled_by, rental.cancel_reason) == (world.staff, "plus besoin")
    assert car in free_vehicles(antenna=antenna, start=at(1, 9), end=at(1, 12))
    other = VehicleFactory(antenna=antenna)
    assert other in free_vehicles(antenna=antenna, start=at(1, 9), end=at(1, 12))


def test_the_reference_mode_is_asked_and_the_diagnostic_proposed(
    staff, world, antenna, car, person
):
    from beneficiaries.models import Diagnostic

    Diagnostic.objects.create(
        antenna=antenna, beneficiary=person, made_on=at(-3).date(), reference_mode="coach"
    )
    page = url(antenna, "reservations/nouvelle/")
    start, end = (moment.strftime("%Y-%m-%dT%H:%M") for moment in (at(1, 9), at(1, 12)))
    data = {"beneficiary": person.pk, "vehicle": car.pk, "purpose": "job", "start": start,
            "end": end}  # fmt: skip
    response = staff.post(page, data)
    assert response.status_code == 400
    assert "comment elle se serait déplacée" in response.content.decode()
    assert not Booking.objects.exists()
    # Chosen in the picker: the diagnostic's answer is proposed.
    picked = staff.post(page, {**data, "beneficiary_pick": person.pk}).content.decode()
    assert 'value="coach" selected' in picked
    assert staff.post(page, {**data, "reference_mode": "unknown"}).status_code == 302
    assert Booking.objects.get().reference_mode == "unknown"


def test_the_api_books_no_one_who_left(staff, antenna, car, person):
    from django.utils import timezone

    person.anonymised_at = timezone.now()
    person.save()
    response = staff.post(
        f"/api/a/{antenna.slug}/services/bookings/",
        {"vehicle": car.pk, "beneficiary": person.pk, "start": at(1, 9).isoformat(),
         "end": at(1, 12).isoformat(), "purpose": "job", "reference_mode": "bus"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and not Booking.objects.exists()
    with pytest.raises(ValidationError, match="plus suivie"):
        booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))
