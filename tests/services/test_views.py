from decimal import ROUND_DOWN, Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from antennas.models import Commune
from services.availability import period_of
from services.models import (
    Booking,
    PriceRule,
    ProfessionalEvent,
    Registration,
    Ride,
    RideRequest,
    ServiceUse,
    Trip,
    TusMembership,
    Vehicle,
)
from tests.factories import commune
from tests.services.factories import (
    BeneficiaryFactory,
    BookingFactory,
    DriverFactory,
    SessionFactory,
    VehicleFactory,
    at,
)

pytestmark = pytest.mark.django_db


def url(name, antenna, **kwargs):
    return reverse(name, kwargs={"antenna_slug": antenna.slug, **kwargs})


def local(dt):
    from django.utils import timezone

    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def trip_data(person, dropoff, days=1):
    return {"beneficiary": person.pk, "pickup": "67339", "dropoff": dropoff,
            "start": local(at(days, 9)), "end": local(at(days, 12)), "purpose": "care",
            "reference_mode": "car_thermal"}  # fmt: skip


def test_vehicle_create_happy_bad_and_duplicate(staff, antenna):
    data = {"kind": "ebike", "name": "VAE 1", "identifier": "VAE-01", "seats": 1,
            "energy": "electric", "status": "in_service", "odometer_km": 0}  # fmt: skip
    response = staff.post(url("services_vehicle_create", antenna), data)
    assert response.status_code == 302
    vehicle = Vehicle.objects.get(identifier="VAE-01")
    assert vehicle.antenna == antenna
    response = staff.post(url("services_vehicle_create", antenna), {**data, "name": "VAE 2"})
    assert response.status_code == 400
    assert "Un véhicule de l&#x27;antenne porte déjà ce numéro." in response.content.decode()
    assert 'value="VAE 2"' in response.content.decode()  # nothing typed is lost
    response = staff.post(url("services_vehicle_create", antenna), {**data, "seats": 12})
    assert response.status_code == 400


def test_vehicle_of_another_antenna_is_404(staff, world):
    other = VehicleFactory(antenna=world.neighbour)
    assert staff.get(url("services_vehicle", world.antenna, pk=other.pk)).status_code == 404
    assert staff.get(url("services_vehicle_edit", world.antenna, pk=other.pk)).status_code == 404


def test_availability_htmx_lists_free_vehicles(staff, antenna, car):
    busy = VehicleFactory(antenna=antenna, name="Occupée")
    BookingFactory(vehicle=busy, period=period_of(at(1, 8), at(1, 18)))
    response = staff.get(
        url("services_availability", antenna),
        {"start": local(at(1, 9)), "end": local(at(1, 12))},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and car.name in body and "Occupée" not in body
    assert "<html" not in body  # the fragment only
    response = staff.get(
        url("services_availability", antenna), {"start": local(at(1, 12)), "end": local(at(1, 9))}
    )
    assert "La fin doit suivre le début." in response.content.decode()


def test_booking_form_happy_and_conflict(staff, antenna, car, person):
    data = {"beneficiary": person.pk, "vehicle": car.pk, "start": local(at(1, 9)),
            "end": local(at(1, 12)), "purpose": "job", "reference_mode": "car_thermal",
            "notes": "clé au bureau"}  # fmt: skip
    response = staff.post(url("services_booking_create", antenna), data)
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.beneficiary == person and booking.created_by is not None
    response = staff.post(url("services_booking_create", antenna), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ce véhicule est déjà réservé sur cette période." in body
    assert "clé au bureau" in body
    assert Booking.objects.count() == 1


def test_booking_form_refuses_another_antennas_person(staff, world, antenna, person):
    stranger = BeneficiaryFactory(antenna=world.neighbour, last_name="Etranger")
    response = staff.post(
        url("services_booking_create", antenna),
        {"beneficiary": stranger.pk, "vehicle": VehicleFactory(antenna=antenna).pk,
         "start": local(at(1, 9)), "end": local(at(1, 12)), "purpose": "job",
         "reference_mode": "car_thermal"},
    )  # fmt: skip
    assert response.status_code == 400 and not Booking.objects.exists()


def test_checkout_checkin_flow(staff, antenna, car, person):
    booking = BookingFactory(vehicle=car, beneficiary=person, period=period_of(at(0, 0), at(0, 23)))
    response = staff.post(
        url("services_checkout", antenna, pk=booking.pk),
        {
            "at": local(at(0, 8)),
            "odometer": 1000,
            "level": 80,
            "deposit_amount": "400",
            "deposit_method": "cash",
        },
    )
    assert response.status_code == 302
    response = staff.post(
        url("services_checkin", antenna, pk=booking.pk),
        {"at": local(at(0, 17)), "odometer": 950, "condition": "rayure portière"},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "inférieur au départ" in body
    assert "rayure portière" in body
    response = staff.post(
        url("services_checkin", antenna, pk=booking.pk),
        {"at": local(at(0, 17)), "odometer": 1042},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "returned" and booking.km == 42
    assert ServiceUse.objects.filter(source_model="Booking", source_id=booking.pk).exists()


def test_booking_of_another_antenna_is_404(staff, world):
    other = BookingFactory(vehicle=VehicleFactory(antenna=world.neighbour))
    for name in ("services_booking", "services_checkout", "services_checkin"):
        assert staff.get(url(name, world.antenna, pk=other.pk)).status_code == 404
    assert staff.post(url("services_cancel", world.antenna, pk=other.pk)).status_code == 404


def test_week_and_today_pages(staff, antenna, car, person):
    BookingFactory(vehicle=car, beneficiary=person, period=period_of(at(0, 0), at(0, 23)))
    body = staff.get(url("services_week", antenna)).content.decode()
    assert car.name in body and person.last_name.upper() in body
    body = staff.get(url("services_today", antenna)).content.decode()
    assert "1 sortie prévue" in body


def test_recurring_page_lists_skipped(staff, antenna, car, person):
    from datetime import timedelta

    from django.utils import timezone

    first = timezone.localdate() + timedelta(days=1)
    BookingFactory(vehicle=car, beneficiary=person, period=period_of(at(1, 9), at(1, 10)))
    response = staff.post(
        url("services_booking_recurring", antenna),
        {"beneficiary": person.pk, "vehicle": car.pk, "first_day": first.isoformat(),
         "until": (first + timedelta(days=6)).isoformat(), "weekdays": [0, 1, 2, 3, 4, 5, 6],
         "start_time": "08:00", "end_time": "18:00", "purpose": "job",
         "reference_mode": "car_thermal"},
    )  # fmt: skip
    body = response.content.decode()
    assert "6 réservations créées" in body and "1 jour sauté" in body


def test_rates_manager_only(client, world, antenna):
    client.force_login(world.staff)
    assert client.get(url("services_rates", antenna)).status_code == 404
    client.force_login(world.manager)
    response = client.post(
        url("services_rates", antenna),
        {
            "vehicle_kind": "ebike",
            "unit": "day",
            "price": "3",
            "reduced_price": "5",
            "deposit": "380",
        },
    )
    assert response.status_code == 400 and "prix réduit" in response.content.decode()
    response = client.post(
        url("services_rates", antenna),
        {"vehicle_kind": "ebike", "unit": "day", "price": "3", "reduced_price": "1.75",
         "deposit": "380"},
    )  # fmt: skip
    assert response.status_code == 302 and PriceRule.objects.get().reduced_price == Decimal("1.75")
    response = client.post(
        url("services_rates", antenna),
        {"save-settings": "1", "carpool_rate_per_km": "0.2", "tus_road_factor": "1.3",
         "tus_rate_per_km": "0.40", "membership_fee": "2"},
    )  # fmt: skip
    assert response.status_code == 400 and "0,32" in response.content.decode()


def test_carpool_offer_request_suggestion_and_seat(staff, antenna, person):
    driver = BeneficiaryFactory(antenna=antenna, last_name="Conduit")
    response = staff.post(
        url("services_ride_create", antenna),
        {"driver_kind": "beneficiary", "driver_beneficiary": driver.pk, "origin": "67339",
         "destination": "67180", "departure": local(at(1, 7)), "seats": 1,
         "recurrence": "weekly", "until": (at(15).date()).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    assert Ride.objects.count() == 3
    response = staff.post(
        url("services_ride_request_create", antenna),
        {"beneficiary": person.pk, "origin": "67339", "destination": "67180",
         "wanted_at": local(at(1, 7)), "window_minutes": 30, "reference_mode": "car_thermal"},
    )  # fmt: skip
    request = RideRequest.objects.get()
    body = staff.get(response.url).content.decode()
    assert "Betschdorf → Haguenau" in body
    ride = Ride.objects.order_by("departure").first()
    response = staff.post(url("services_ride_request", antenna, pk=request.pk), {"ride": ride.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "matched"
    other = BeneficiaryFactory(antenna=antenna)
    response = staff.post(url("services_ride", antenna, pk=ride.pk), {"beneficiary": other.pk})
    assert response.status_code == 400 and "complet" in response.content.decode()
    staff.post(url("services_ride_done", antenna, pk=ride.pk))
    use = ServiceUse.objects.get(source_model="RidePassenger")
    assert use.mode == "carpool" and use.occupants == 2 and use.beneficiary == person


def test_ride_form_requires_driver_name(staff, antenna):
    response = staff.post(
        url("services_ride_create", antenna),
        {"driver_kind": "employee", "origin": "67339", "destination": "67180",
         "departure": local(at(1, 7)), "seats": 3, "recurrence": "once"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400 and "Indiquez qui conduit." in body
    assert "Indiquez l&#x27;entreprise partenaire." in body


def test_tus_member_trip_refuse_accept_done(staff, antenna, person):
    response = staff.post(
        url("services_tus_members", antenna), {"beneficiary": person.pk, "year": at(1).year}
    )
    assert response.status_code == 302
    member = TusMembership.objects.get()
    assert member.basis == "residence" and "INSEE" in member.basis_detail
    assert member.fee == Decimal("2.00")
    data = {**trip_data(person, "67482"), "contribution": "50"}
    response = staff.post(url("services_trip_create", antenna), data)
    assert response.status_code == 400 and "0,32 € par km" in response.content.decode()
    response = staff.post(url("services_trip_create", antenna), {**data, "contribution": ""})
    assert response.status_code == 302
    trip = Trip.objects.get()
    assert trip.contribution == (trip.distance_km * Decimal("0.32")).quantize(
        Decimal("0.01"), rounding=ROUND_DOWN
    )
    response = staff.post(url("services_trip", antenna, pk=trip.pk), {"refuse-reason": ""})
    assert response.status_code == 400
    staff.post(url("services_trip", antenna, pk=trip.pk), {"refuse-reason": "aucun chauffeur"})
    trip.refresh_from_db()
    assert trip.status == "refused" and trip.refusal_reason == "aucun chauffeur"
    driver = DriverFactory(antenna=antenna)
    staff.post(url("services_trip", antenna, pk=trip.pk), {"accept-driver": driver.pk})
    trip.refresh_from_db()
    assert trip.status == "scheduled" and trip.driver == driver
    staff.post(url("services_trip_done", antenna, pk=trip.pk))
    assert ServiceUse.objects.get(source_model="Trip").km == trip.distance_km


def test_tus_trip_over_100_km_refused(staff, antenna, person):
    data = {**trip_data(person, "67482"), "membership_paid_today": "on"}
    response = staff.post(url("services_trip_create", antenna), data)
    assert response.status_code == 302  # ~45 km
    from services.models import ServiceSettings

    ServiceSettings.objects.filter(antenna=antenna).update(tus_road_factor=3)
    response = staff.post(url("services_trip_create", antenna), trip_data(person, "67482", 2))
    assert response.status_code == 400 and "limité à 100 km" in response.content.decode()


def test_tus_member_not_eligible(staff, antenna):
    urban = BeneficiaryFactory(antenna=antenna, commune=commune("67180"), resources_yearly=20000)
    response = staff.post(
        url("services_tus_members", antenna), {"beneficiary": urban.pk, "year": 2026}
    )
    assert response.status_code == 400 and "Non éligible" in response.content.decode()
    poor = BeneficiaryFactory(antenna=antenna, commune=commune("67180"), situation="rsa")
    staff.post(url("services_tus_members", antenna), {"beneficiary": poor.pk, "year": 2026})
    assert TusMembership.objects.get().basis == "resources"


def test_workshop_capacity_waiting_list_and_attendance(staff, antenna):
    session = SessionFactory(antenna=antenna, capacity=1)
    a, b = BeneficiaryFactory(antenna=antenna), BeneficiaryFactory(antenna=antenna)
    staff.post(url("services_session", antenna, pk=session.pk), {"beneficiary": a.pk})
    staff.post(url("services_session", antenna, pk=session.pk), {"beneficiary": b.pk})
    statuses = dict(Registration.objects.values_list("beneficiary_id", "status"))
    assert statuses == {a.pk: "registered", b.pk: "waiting"}
    response = staff.post(url("services_session", antenna, pk=session.pk), {"beneficiary": a.pk})
    assert response.status_code == 400 and "déjà inscrite" in response.content.decode()
    # capacity under the registered count is refused next to the field
    response = staff.post(
        url("services_session_edit", antenna, pk=session.pk),
        {"kind": session.kind, "title": "Nouveau titre", "starts_at": local(session.starts_at),
         "duration_minutes": 120, "capacity": 0},
    )  # fmt: skip
    assert response.status_code == 400
    reg_a = Registration.objects.get(beneficiary=a)
    staff.post(
        url("services_attendance", antenna, pk=session.pk), {f"attendance-{reg_a.pk}": "present"}
    )
    use = ServiceUse.objects.get(source_model="Registration")
    assert use.service == "ebike_training" and use.km == 0
    staff.post(
        url("services_attendance", antenna, pk=session.pk), {f"attendance-{reg_a.pk}": "excused"}
    )
    assert not ServiceUse.objects.exists()
    staff.post(url("services_registration_cancel", antenna, pk=reg_a.pk))
    assert Registration.objects.get(beneficiary=b).status == "registered"


def test_professional_event_with_epcis(staff, world, antenna):
    response = staff.post(
        url("services_event_create", antenna),
        {"kind": "territory_exchange", "title": "Rencontre EPCI", "held_on": "2026-03-05",
         "structures": [world.structure.pk], "epci_sirens": [commune("67339").epci_siren],
         "professionals": 12, "elected": 3, "public": 0},
    )  # fmt: skip
    assert response.status_code == 302
    event = ProfessionalEvent.objects.get()
    assert event.participants == 15 and event.epci_sirens == [commune("67339").epci_siren]
    body = staff.get(url("services_events", antenna)).content.decode()
    assert escape(commune("67339").epci_name) in body
    response = staff.post(
        url("services_event_create", antenna),
        {"kind": "awareness", "title": "", "held_on": "pas une date", "epci_sirens": ["999999999"]},
    )
    assert response.status_code == 400


def test_every_list_page_renders(staff, antenna):
    names = (
        "vehicles", "availability", "bookings", "booking_create", "booking_recurring", "week",
        "today", "rides", "ride_create", "ride_request_create", "tus", "tus_members",
        "tus_drivers", "trip_create", "sessions", "session_create", "events", "event_create",
    )  # fmt: skip
    for name in (f"services_{n}" for n in names):
        assert staff.get(url(name, antenna)).status_code == 200, name


def test_social_worker_and_outsiders_get_404(client, world, antenna):
    for user in (world.social_worker, world.neighbour_manager, world.officer):
        client.force_login(user)
        assert client.get(url("services_vehicles", antenna)).status_code == 404


def test_api_bookings_and_availability(staff, antenna, car, person):
    api = f"/api/a/{antenna.slug}/services/"
    response = staff.post(
        api + "bookings/",
        {"vehicle": car.pk, "beneficiary": person.pk, "start": at(1, 9).isoformat(),
         "end": at(1, 12).isoformat(), "purpose": "job", "reference_mode": "bus"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["reference_mode"] == "bus"
    response = staff.post(
        api + "bookings/",
        {"vehicle": car.pk, "beneficiary": person.pk, "start": at(1, 10).isoformat(),
         "end": at(1, 11).isoformat(), "purpose": "job", "reference_mode": "unknown"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and "déjà réservé" in response.content.decode()
    response = staff.get(
        api + "bookings/availability/",
        {"start": at(1, 9).isoformat(), "end": at(1, 10).isoformat()},
    )
    assert response.json() == []
    assert staff.get(api + "vehicles/").json()["count"] == 1
    assert staff.get(api + "trips/").status_code == 200
    assert staff.get(api + "sessions/").status_code == 200


def test_tus_hubs_are_communes_of_the_territory():
    from services.eligibility import TUS_HUBS

    commune("67339")  # communes loaded
    names = dict(Commune.objects.filter(pk__in=TUS_HUBS).values_list("pk", "name"))
    assert names == TUS_HUBS


def test_tus_member_by_residence_goes_to_rural_communes_or_hubs(staff, antenna, person):
    TusMembership.objects.create(
        antenna=antenna, beneficiary=person, year=at(1, 9).year, basis="residence"
    )
    response = staff.post(url("services_trip_create", antenna), trip_data(person, "67230"))
    body = response.content.decode()
    assert response.status_code == 400 and not Trip.objects.exists()
    assert "Kaltenhouse n&#x27;en est pas un" in body  # Kaltenhouse: urban belt, no hub
    field = body[body.index('for="id_dropoff_search"') :]
    assert field.index("Adhésion au titre de la résidence") < field.index('name="dropoff"')
    assert 'name="dropoff" id="id_dropoff" value="67230"' in body  # nothing lost
    for dropoff in ("67180", "67324", "67012"):  # Haguenau, Niederbronn (hubs), Aschbach (rural)
        response = staff.post(url("services_trip_create", antenna), trip_data(person, dropoff))
        assert response.status_code == 302, dropoff
    assert Trip.objects.count() == 3


def test_tus_area_rule_spares_members_by_resources(staff, antenna, person):
    urban = BeneficiaryFactory(antenna=antenna, commune=commune("67180"), situation="rsa")
    TusMembership.objects.create(
        antenna=antenna, beneficiary=urban, year=at(1, 9).year, basis="resources"
    )
    # rural, so recorded by residence, but also eligible by resources: not "by residence alone"
    person.has_c2s = True
    person.save()
    TusMembership.objects.create(
        antenna=antenna, beneficiary=person, year=at(1, 9).year, basis="residence"
    )
    for someone in (urban, person):
        response = staff.post(url("services_trip_create", antenna), trip_data(someone, "67230"))
        assert response.status_code == 302


def test_tus_membership_checked_when_the_request_is_made(staff, antenna, person):
    response = staff.post(url("services_trip_create", antenna), trip_data(person, "67180"))
    assert response.status_code == 400
    assert "adhésion réglée aujourd" in response.content.decode()
    assert not Trip.objects.exists() and not TusMembership.objects.exists()
    # The fee is paid at the desk: the membership is recorded with the request.
    data = {**trip_data(person, "67230"), "membership_paid_today": "on"}
    response = staff.post(url("services_trip_create", antenna), data)
    assert response.status_code == 400  # a residence member cannot go to 67230…
    assert "Adhésion au titre de la résidence" in response.content.decode()
    assert not TusMembership.objects.exists()  # …and nothing was half saved
    data = {**trip_data(person, "67180"), "membership_paid_today": "on"}
    assert staff.post(url("services_trip_create", antenna), data).status_code == 302
    member = TusMembership.objects.get()
    assert (member.beneficiary, member.year, member.basis) == (person, at(1).year, "residence")
    assert member.fee == Decimal("2.00")


def test_api_rides_and_passengers(staff, world, antenna, person):
    from services import carpool

    api = f"/api/a/{antenna.slug}/services/"
    ride = carpool.offer_ride(
        antenna=antenna, driver_kind="volunteer", driver_name="Jo", origin=commune("67339"),
        destination=commune("67180"), departure=at(1, 7), seats=2,
    )[0]  # fmt: skip
    seat = carpool.book_seat(ride=ride, beneficiary=person)
    other = carpool.offer_ride(
        antenna=world.neighbour, driver_kind="volunteer", driver_name="Lu",
        origin=commune("67339"), destination=commune("67180"), departure=at(1, 7), seats=2,
    )[0]  # fmt: skip
    stranger = BeneficiaryFactory(antenna=world.neighbour)
    other_seat = carpool.book_seat(ride=other, beneficiary=stranger)
    rides = staff.get(api + "rides/").json()
    assert [r["id"] for r in rides["results"]] == [ride.pk]
    assert staff.get(api + f"rides/{ride.pk}/").json()["destination"] == "67180"
    assert staff.get(api + "rides/", {"status": "done"}).json()["count"] == 0
    later = at(2, 0).isoformat()
    assert staff.get(api + "rides/", {"departure__gte": later}).json()["count"] == 0
    seats = staff.get(api + "ride-passengers/", {"ride": ride.pk}).json()
    assert [s["beneficiary"] for s in seats["results"]] == [person.pk]
    assert staff.get(api + f"ride-passengers/{seat.pk}/").json()["ride"] == ride.pk
    # another antenna's rows: 404 by pk, an invalid choice as a filter (like a missing pk)
    assert staff.get(api + f"rides/{other.pk}/").status_code == 404
    assert staff.get(api + f"ride-passengers/{other_seat.pk}/").status_code == 404
    assert staff.get(api + "ride-passengers/", {"ride": other.pk}).status_code == 400
    assert staff.get(api + "ride-passengers/", {"beneficiary": stranger.pk}).status_code == 400
    staff.force_login(world.social_worker)
    assert staff.get(api + "rides/").status_code == 404


def test_desk_buttons_read_right_in_english(staff, car, person):
    """'Sortie' and 'Retour' mean a person's exit and a back link elsewhere: contexts keep the
    vehicle's check-out and check-in apart in English."""
    BookingFactory(vehicle=car, beneficiary=person, period=period_of(at(0, 0), at(0, 23)))
    staff.cookies["django_language"] = "en"
    page = staff.get("/a/antenne-a/aujourdhui/").content.decode()
    assert "Check-out" in page
