from django.urls import include, path
from rest_framework.routers import SimpleRouter

from mobilex.imports.views import import_urls
from services import api
from services.importing import DRIVERS, VEHICLES
from services.views import (
    bookings,
    cancellation,
    carpool,
    events,
    fleet,
    people,
    publication,
    rates,
    tus,
    workshops,
)

antenna_patterns = [
    path("flotte/", fleet.vehicle_list, name="services_vehicles"),
    path("flotte/ajouter/", fleet.vehicle_create, name="services_vehicle_create"),
    path("flotte/<int:pk>/", fleet.vehicle_detail, name="services_vehicle"),
    path("flotte/<int:pk>/modifier/", fleet.vehicle_edit, name="services_vehicle_edit"),
    *import_urls("flotte", VEHICLES),
    path("personnes/", people.search, name="services_people"),
    path("disponibilites/", bookings.availability, name="services_availability"),
    path("reservations/", bookings.bookings_list, name="services_bookings"),
    path("reservations/nouvelle/", bookings.booking_create, name="services_booking_create"),
    path("reservations/serie/", bookings.booking_recurring, name="services_booking_recurring"),
    path("reservations/<int:pk>/", bookings.booking_detail, name="services_booking"),
    path("reservations/<int:pk>/sortie/", bookings.booking_checkout, name="services_checkout"),
    path("reservations/<int:pk>/retour/", bookings.booking_checkin, name="services_checkin"),
    path("reservations/<int:pk>/annuler/", cancellation.booking_cancel, name="services_cancel"),
    path("reservations/<int:pk>/absence/", bookings.booking_no_show, name="services_no_show"),
    path("calendrier/", bookings.week, name="services_week"),
    path("aujourdhui/", bookings.today, name="services_today"),
    path("tarifs/", rates.rates, name="services_rates"),
    path("tarifs/<int:pk>/supprimer/", rates.price_delete, name="services_price_delete"),
    path("covoiturage/", carpool.rides, name="services_rides"),
    path("covoiturage/proposer/", carpool.ride_create, name="services_ride_create"),
    path("covoiturage/<int:pk>/", carpool.ride_detail, name="services_ride"),
    path("covoiturage/<int:pk>/effectue/", carpool.ride_done, name="services_ride_done"),
    path("covoiturage/<int:pk>/annuler/", cancellation.ride_cancel, name="services_ride_cancel"),
    path(
        "covoiturage/places/<int:pk>/annuler/",
        cancellation.seat_cancel,
        name="services_seat_cancel",
    ),
    path(
        "covoiturage/demandes/nouvelle/",
        carpool.ride_request_create,
        name="services_ride_request_create",
    ),
    path(
        "covoiturage/demandes/<int:pk>/", carpool.ride_request_detail, name="services_ride_request"
    ),
    path(
        "covoiturage/demandes/<int:pk>/annuler/",
        cancellation.ride_request_cancel,
        name="services_ride_request_cancel",
    ),
    path("tus/", tus.overview, name="services_tus"),
    path("tus/adherents/", tus.members, name="services_tus_members"),
    path("tus/conducteurs/", tus.drivers, name="services_tus_drivers"),
    *import_urls("tus/conducteurs", DRIVERS),
    path("tus/trajets/nouveau/", tus.trip_create, name="services_trip_create"),
    path("tus/trajets/<int:pk>/", tus.trip_detail, name="services_trip"),
    path("tus/trajets/<int:pk>/effectue/", tus.trip_done, name="services_trip_done"),
    path("tus/trajets/<int:pk>/annuler/", cancellation.trip_cancel, name="services_trip_cancel"),
    path("tus/trajets/<int:pk>/corriger/", tus.trip_correct, name="services_trip_correct"),
    path("ateliers/", workshops.session_list, name="services_sessions"),
    path("ateliers/nouveau/", workshops.session_create, name="services_session_create"),
    path("ateliers/<int:pk>/", workshops.session_detail, name="services_session"),
    path("ateliers/<int:pk>/modifier/", workshops.session_edit, name="services_session_edit"),
    path("ateliers/<int:pk>/presences/", workshops.attendance, name="services_attendance"),
    path(
        "ateliers/inscriptions/<int:pk>/annuler/",
        cancellation.registration_cancel,
        name="services_registration_cancel",
    ),
    path("evenements/", events.event_list, name="services_events"),
    path("evenements/nouveau/", events.event_edit, name="services_event_create"),
    path("evenements/<int:pk>/", events.event_edit, name="services_event_edit"),
    path("offre/", publication.offer, name="services_offer"),
    path("offre/<str:kind>/", publication.offer_service, name="services_offer_service"),
]

# The published offer (data·inclusion schema v1): public and read-only, no personal data.
public_patterns = [
    path("structures/", publication.StructureList.as_view(), name="data_inclusion_structures"),
    path("services/", publication.ServiceList.as_view(), name="data_inclusion_services"),
    path("structures.csv", publication.structures_csv, name="data_inclusion_structures_csv"),
    path("services.csv", publication.services_csv, name="data_inclusion_services_csv"),
]

# Plain (non-regex) routes with <int:pk>, so the all-routes isolation test walks them.
router = SimpleRouter(use_regex_path=False)
router.register("vehicles", api.VehicleViewSet, basename="services-vehicle")
router.register("bookings", api.BookingViewSet, basename="services-booking")
router.register("trips", api.TripViewSet, basename="services-trip")
router.register("sessions", api.SessionViewSet, basename="services-session")
router.register("rides", api.RideViewSet, basename="services-ride")
router.register("ride-passengers", api.RidePassengerViewSet, basename="services-ride-passenger")

territory_patterns = []
api_antenna_patterns = [path("services/", include(router.urls))]
api_territory_patterns = []
