"""Demo data for `manage.py seed_demo`: fleets, rules and price grids, and two calendar years of
activity (the previous year and the current one up to today, plus reservations for the coming
weeks) with the ServiceUse rows the indicators read. People come from the beneficiaries demo;
without them only fleets and professional events are created. Idempotent; bulk inserts."""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from antennas.models import Commune
from beneficiaries.models import Beneficiary
from services import pricing, usage
from services.catalogue import Mode, ServiceKind
from services.distance import road_km
from services.eligibility import TUS_HUBS, tus_eligibility
from services.models import (
    Booking,
    Driver,
    PriceRule,
    ProfessionalEvent,
    Registration,
    Ride,
    RidePassenger,
    ServiceSettings,
    ServiceUse,
    Session,
    Trip,
    TusMembership,
    Vehicle,
)
from services.occupancy import period_of

K = Vehicle.Kind
FLEETS = {
    # antenna attribute: [(kind, energy, count, seats)]
    "betschdorf": [(K.EBIKE, "electric", 6, 1), (K.CAR, "petrol", 2, 5),
                   (K.ELECTRIC_CAR, "electric", 1, 5), (K.SCOOTER, "petrol", 1, 1),
                   (K.MINIBUS, "diesel", 1, 9)],
    "bischwiller": [(K.EBIKE, "electric", 8, 1), (K.CAR, "petrol", 3, 5),
                    (K.ELECTRIC_CAR, "electric", 1, 5), (K.ADAPTED, "diesel", 1, 5),
                    (K.SCOOTER, "petrol", 1, 1), (K.MINIBUS, "diesel", 1, 9)],
    "strasbourg": [(K.EBIKE, "electric", 2, 1), (K.CAR, "petrol", 1, 5)],
}  # fmt: skip
NAMES = {K.EBIKE: "VAE", K.CAR: "Clio", K.ELECTRIC_CAR: "Zoé", K.SCOOTER: "Scooter",
         K.ADAPTED: "Kangoo TPMR", K.MINIBUS: "Minibus"}  # fmt: skip
PRICES = [  # kind, unit, price, reduced, deposit (sector figures, DOMAIN.md)
    (K.EBIKE, "day", "3.00", "1.75", "380"), (K.SCOOTER, "day", "5.00", "3.00", "380"),
    (K.CAR, "day", "10.00", "6.00", "400"), (K.ELECTRIC_CAR, "day", "8.00", "5.00", "400"),
    (K.ADAPTED, "km", "0.20", "0.12", "400"),
]  # fmt: skip
KM_PER_DAY = {K.EBIKE: (8, 30), K.SCOOTER: (15, 45), K.CAR: (30, 90), K.ELECTRIC_CAR: (25, 70),
              K.ADAPTED: (20, 60)}  # fmt: skip
RENTAL_KINDS = tuple(KM_PER_DAY)
TUS_DESTINATIONS = tuple(TUS_HUBS)  # where members by residence alone may also be driven
PURPOSES = list(Booking.Purpose.values)
REFERENCE_MODES = [Mode.CAR_THERMAL] * 5 + [Mode.COACH, Mode.BUS, Mode.NONE, Mode.WALK]


def _followed_on(people, day):
    """The people in the programme on `day`: only they use a service then."""
    return [
        p
        for p in people
        if p.entry_date and p.entry_date <= day and (p.exit_date is None or p.exit_date >= day)
    ]


def _aware(day: date, hour: int, minute=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(network, rng):
    antennas = {key: getattr(network, key) for key in FLEETS}
    if Vehicle.objects.filter(antenna=network.betschdorf).exists():
        return
    today = timezone.localdate()
    start = date(today.year - 1, 1, 1)
    for key, antenna in antennas.items():
        ServiceSettings.objects.get_or_create(
            antenna=antenna, defaults={"require_accepted_referral": key == "betschdorf"}
        )
        PriceRule.objects.bulk_create(
            PriceRule(antenna=antenna, vehicle_kind=kind, unit=unit, price=Decimal(price),
                      reduced_price=Decimal(reduced), deposit=Decimal(deposit))
            for kind, unit, price, reduced, deposit in PRICES
        )  # fmt: skip
        vehicles = _fleet(antenna, key, rng)
        _events(antenna, network, rng, start, today)
        people = list(
            Beneficiary.objects.filter(antenna=antenna, anonymised_at__isnull=True)
            .select_related("commune")
            .order_by("pk")
        )
        if not people:
            continue
        _bookings(antenna, vehicles, people, rng, start, today, rare=key == "bischwiller")
        if key == "strasbourg":
            continue
        _workshops(antenna, people, rng, start, today)
        _carpool(antenna, people, rng, start, today, few=key == "bischwiller")
        _tus(antenna, vehicles, people, rng, start, today)


def _fleet(antenna, key, rng):
    vehicles, n = [], 0
    for kind, energy, count, seats in FLEETS[key]:
        for i in range(count):
            n += 1
            bike = kind == K.EBIKE
            plate = f"{rng.choice('ABCDEFGH')}{rng.choice('JKLMNP')}-{100 + n:03d}-{key[:2]}"
            vehicles.append(
                Vehicle(
                    antenna=antenna, kind=kind, energy=energy, seats=seats,
                    name=f"{NAMES[kind]} {i + 1}",
                    identifier=f"{key[:3].upper()}-{n:03d}" if bike else plate.upper(),
                    odometer_km=rng.randint(200, 900) if bike else rng.randint(20000, 90000),
                    is_lent=kind == K.MINIBUS and key == "bischwiller",
                )
            )  # fmt: skip
    return Vehicle.objects.bulk_create(vehicles)


def _bookings(antenna, vehicles, people, rng, start, today, *, rare):
    """Back-to-back-free sequences per vehicle; past ones returned (some cancelled or no-show),
    the current one out, the next weeks reserved. One maintenance week a year per vehicle."""
    horizon = today + timedelta(days=21)
    now = timezone.now()
    bookings = []
    renters = people
    for vehicle in vehicles:
        if vehicle.kind not in RENTAL_KINDS:
            continue
        pool = renters[:4] if (rare and vehicle.kind == K.SCOOTER) else renters
        odometer = vehicle.odometer_km
        day = start + timedelta(days=rng.randint(0, 10))
        while day < horizon:
            if day.month == 8 and day.day < 8:  # yearly service
                bookings.append(Booking(
                    antenna=antenna, vehicle=vehicle, kind=Booking.Kind.MAINTENANCE,
                    period=period_of(_aware(day, 8), _aware(day + timedelta(days=2), 18)),
                    notes="Révision annuelle", status=Booking.Status.RETURNED,
                ))  # fmt: skip
                day += timedelta(days=4)
                continue
            length = rng.randint(1, 6 if vehicle.kind == K.EBIKE else 3)
            begin, end = _aware(day, 8), _aware(day + timedelta(days=length - 1), 18)
            followed = _followed_on(pool, day)
            if not followed:
                day += timedelta(days=length)
                continue
            person = rng.choice(followed)
            booking = Booking(
                antenna=antenna, vehicle=vehicle, beneficiary=person, period=period_of(begin, end),
                purpose=rng.choice(PURPOSES), reference_mode=rng.choice(REFERENCE_MODES),
                price=Decimal(length) * Decimal("1.75" if vehicle.kind == K.EBIKE else "6.00"),
                created_at=begin - timedelta(days=rng.randint(1, 10)),
            )  # fmt: skip
            if end < now:
                roll = rng.random()
                if roll < 0.05:
                    booking.status = Booking.Status.CANCELLED
                elif roll < 0.09:
                    booking.status = Booking.Status.NO_SHOW
                else:
                    km = sum(rng.randint(*KM_PER_DAY[vehicle.kind]) for _ in range(length))
                    _returned(booking, begin, end, odometer, km, rng)
                    odometer += km
            elif begin < now:
                booking.status = Booking.Status.CHECKED_OUT
                booking.checkout_at, booking.checkout_odometer = begin, odometer
            bookings.append(booking)
            day += timedelta(days=length + rng.randint(0, 5))
        vehicle.odometer_km = odometer
    Vehicle.objects.bulk_update(vehicles, ["odometer_km"])
    created = Booking.objects.bulk_create(bookings)
    by_id = {v.pk: v for v in vehicles}
    ServiceUse.objects.bulk_create(
        _use(b, by_id[b.vehicle_id])
        for b in created
        if b.status == Booking.Status.RETURNED and b.kind == Booking.Kind.RENTAL
    )


def _returned(booking, begin, end, odometer, km, rng):
    booking.status = Booking.Status.RETURNED
    booking.checkout_at, booking.checkout_odometer = begin, odometer
    booking.checkout_level = rng.choice([80, 90, 100])
    booking.checkin_at, booking.checkin_odometer = end, odometer + km
    booking.checkin_level = rng.choice([20, 40, 60])
    booking.km = km
    booking.checkin_condition = rng.choice(["", "", "", "Rayure légère sur le garde-boue"])


def _use(booking, vehicle):
    return ServiceUse(
        antenna_id=booking.antenna_id, beneficiary_id=booking.beneficiary_id,
        service=usage.SERVICE_OF_KIND.get(vehicle.kind, ServiceKind.CAR_SHARING),
        used_on=timezone.localdate(booking.checkout_at), km=booking.km,
        mode=usage.mode_of(vehicle), reference_mode=booking.reference_mode,
        source_model="Booking", source_id=booking.pk,
    )  # fmt: skip


def _workshops(antenna, people, rng, start, today):
    kinds = [Session.Kind.EBIKE_TRAINING, Session.Kind.EBIKE_TRAINING, Session.Kind.INFORMATION,
             Session.Kind.COACHING, Session.Kind.PRACTICE, Session.Kind.HIGHWAY_CODE]  # fmt: skip
    titles = {
        Session.Kind.EBIKE_TRAINING: "Prise en main du vélo à assistance électrique",
        Session.Kind.INFORMATION: "Se déplacer en Alsace du Nord : les solutions",
        Session.Kind.COACHING: "Préparer son trajet vers l'emploi",
        Session.Kind.PRACTICE: "Lire une fiche horaire et acheter un billet Fluo",
        Session.Kind.HIGHWAY_CODE: "Révisions du code de la route",
    }
    sessions, day = [], start + timedelta(days=3)
    while day < today + timedelta(days=28):
        kind = rng.choice(kinds)
        sessions.append(Session(
            antenna=antenna, kind=kind, title=titles[kind], starts_at=_aware(day, 14),
            place="Salle de l'antenne", capacity=8,
        ))  # fmt: skip
        day += timedelta(days=rng.randint(10, 18))
    sessions = Session.objects.bulk_create(sessions)
    registrations = []
    A = Registration.Attendance
    for session in sessions:
        past = session.starts_at < timezone.now()
        followed = _followed_on(people, timezone.localdate(session.starts_at))
        for i, person in enumerate(rng.sample(followed, min(len(followed), rng.randint(4, 10)))):
            waiting = i >= session.capacity
            registrations.append(Registration(
                antenna=antenna, session=session, beneficiary=person,
                status=Registration.Status.WAITING if waiting else Registration.Status.REGISTERED,
                attendance=rng.choice([A.PRESENT] * 6 + [A.EXCUSED, A.UNEXCUSED, A.CANCELLED])
                if past and not waiting else A.TO_FILL,
            ))  # fmt: skip
    registrations = Registration.objects.bulk_create(registrations)
    by_id = {s.pk: s for s in sessions}
    ServiceUse.objects.bulk_create(
        ServiceUse(
            antenna=antenna, beneficiary_id=r.beneficiary_id, service=by_id[r.session_id].service,
            used_on=timezone.localdate(by_id[r.session_id].starts_at), km=0,
            mode=Mode.EBIKE if by_id[r.session_id].service == ServiceKind.EBIKE_TRAINING
            else Mode.NONE, reference_mode=Mode.NONE,
            source_model="Registration", source_id=r.pk,
        )
        for r in registrations
        if r.attendance == A.PRESENT
    )  # fmt: skip


def _carpool(antenna, people, rng, start, today, *, few):
    towns = list(Commune.objects.filter(insee_code__in=TUS_DESTINATIONS))
    home = antenna.commune
    drivers = people[:3] if few else people[:12]
    passengers = people[3:9] if few else people[12:80]
    rides, day = [], start + timedelta(days=1)
    while day < today + timedelta(days=14):
        if day.weekday() < 5 and rng.random() < (0.25 if few else 0.5):
            destination = rng.choice(towns)
            driver = rng.choice(drivers)
            rides.append(Ride(
                antenna=antenna, driver_kind=Ride.DriverKind.BENEFICIARY,
                driver_beneficiary=driver, origin=home, destination=destination,
                departure=_aware(day, 7, 30), seats=3,
                distance_km=_road(home, destination), rate_per_km=Decimal("0.15"),
                status=Ride.Status.DONE if day < today else Ride.Status.PLANNED,
            ))  # fmt: skip
        day += timedelta(days=1)
    rides = Ride.objects.bulk_create(rides)
    seats = []
    for ride in rides:
        followed = _followed_on(passengers, timezone.localdate(ride.departure))
        chosen = [p for p in rng.sample(followed, min(len(followed), rng.randint(1, 3)))
                  if p.pk != ride.driver_beneficiary_id]  # fmt: skip
        share = pricing.cost_share(
            distance_km=ride.distance_km, rate_per_km=ride.rate_per_km, occupants=len(chosen) + 1
        )
        seats += [
            RidePassenger(antenna=antenna, ride=ride, beneficiary=p, cost_share=share,
                          reference_mode=rng.choice(REFERENCE_MODES))
            for p in chosen
        ]  # fmt: skip
    seats = RidePassenger.objects.bulk_create(seats)
    by_ride = {}
    for seat in seats:
        by_ride.setdefault(seat.ride_id, []).append(seat)
    ServiceUse.objects.bulk_create(
        ServiceUse(
            antenna=antenna, beneficiary_id=seat.beneficiary_id, service=ServiceKind.CARPOOLING,
            used_on=timezone.localdate(ride.departure), km=ride.distance_km, mode=Mode.CARPOOL,
            reference_mode=seat.reference_mode, occupants=len(by_ride[ride.pk]) + 1,
            source_model="RidePassenger", source_id=seat.pk,
        )
        for ride in rides if ride.status == Ride.Status.DONE
        for seat in by_ride.get(ride.pk, [])
    )  # fmt: skip


def _road(origin, destination):
    return road_km(origin, destination, Decimal("1.30"))


def _tus(antenna, vehicles, people, rng, start, today):
    drivers = Driver.objects.bulk_create(
        Driver(antenna=antenna, first_name=first, last_name=last, is_volunteer=volunteer,
               phone=f"06 12 34 56 {10 + i}")
        for i, (first, last, volunteer) in enumerate(
            [("Bernard", "Klein", True), ("Monique", "Hoffmann", True),
             ("Gérard", "Meyer", True), ("Nadia", "Benali", False)])
    )  # fmt: skip
    minibus = next((v for v in vehicles if v.kind in (K.MINIBUS, K.ADAPTED)), None)
    eligible = [(p, e) for p in people[:90] if (e := tus_eligibility(p))][:40]
    members = []
    for year in (start.year, today.year):
        members += [TusMembership(antenna=antenna, beneficiary=p, year=year, fee=Decimal("2.00"),
                                  basis=e.basis, basis_detail=e.detail[:255],
                                  paid_on=date(year, rng.randint(1, 3), rng.randint(1, 28)))
                    for p, e in eligible if rng.random() < 0.8]  # fmt: skip
    members = TusMembership.objects.bulk_create(members)
    member_years = {(m.beneficiary_id, m.year) for m in members}
    towns = list(Commune.objects.filter(insee_code__in=TUS_DESTINATIONS))
    trips, day = [], start + timedelta(days=2)
    by_pk = {p.pk: p for p, _e in eligible}
    while day < today + timedelta(days=14):
        if day.weekday() < 5:
            for slot, driver in enumerate(drivers[: rng.randint(0, 2)]):
                followed = {p.pk for p in _followed_on(by_pk.values(), day)}
                candidates = [
                    pk for pk, year in member_years if year == day.year and pk in followed
                ]
                if not candidates:
                    break
                person = by_pk[rng.choice(candidates)]
                dropoff = rng.choice(towns)
                distance = _road(person.commune, dropoff)
                if distance > Trip.MAX_KM or person.commune_id == dropoff.pk:
                    continue
                begin = _aware(day, 9 + 3 * slot)
                status = Trip.Status.DONE if day < today else Trip.Status.SCHEDULED
                refused = rng.random() < 0.06
                trips.append(Trip(
                    antenna=antenna, beneficiary=person, pickup=person.commune, dropoff=dropoff,
                    period=period_of(begin, begin + timedelta(hours=2, minutes=30)),
                    purpose=rng.choice(["care", "care", "shopping", "interview", "job"]),
                    distance_km=distance,
                    contribution=(distance * Trip.MAX_RATE_PER_KM).quantize(
                        Decimal("0.01"), rounding=ROUND_DOWN
                    ),
                    status=Trip.Status.REFUSED if refused else status,
                    refusal_reason="Aucun·e conducteur·rice disponible" if refused else "",
                    driver=None if refused else driver, vehicle=None if refused else minibus,
                    reference_mode=rng.choice(REFERENCE_MODES),
                ))  # fmt: skip
        day += timedelta(days=1)
    # Each trip with the minibus holds it, as tus.accept does (services/occupancy.py); when
    # the minibus is rented or in maintenance, the driver takes their own car.
    rented = list(
        Booking.objects.filter(vehicle=minibus).exclude(status=Booking.Status.CANCELLED)
        .values_list("period", flat=True)
    )  # fmt: skip
    for trip in trips:
        if trip.vehicle_id and any(
            p.lower < trip.period.upper and trip.period.lower < p.upper for p in rented
        ):
            trip.vehicle = None
    trips = Trip.objects.bulk_create(trips)
    driven = [t for t in trips if t.vehicle_id]
    holds = Booking.objects.bulk_create(
        Booking(
            antenna=antenna, vehicle_id=t.vehicle_id, beneficiary_id=t.beneficiary_id,
            kind=Booking.Kind.TUS, period=t.period, reference_mode=t.reference_mode,
            status=Booking.Status.RETURNED if t.status == Trip.Status.DONE
            else Booking.Status.RESERVED,
        )
        for t in driven
    )  # fmt: skip
    for trip, hold in zip(driven, holds, strict=True):
        trip.booking = hold
    Trip.objects.bulk_update(driven, ["booking"])
    ServiceUse.objects.bulk_create(
        ServiceUse(
            antenna=antenna, beneficiary_id=t.beneficiary_id, service=ServiceKind.TUS,
            used_on=timezone.localdate(t.period.lower), km=t.distance_km,
            mode=usage.mode_of(minibus), reference_mode=t.reference_mode, occupants=2,
            source_model="Trip", source_id=t.pk,
        )
        for t in trips if t.status == Trip.Status.DONE
    )  # fmt: skip


def _events(antenna, network, rng, start, today):
    epcis = list(
        Commune.objects.filter(territories=network.petr)
        .values_list("epci_siren", flat=True)
        .distinct()
    )
    structures = list(antenna.structures.all())
    K2 = ProfessionalEvent.Kind
    titles = {
        K2.UPSKILLING: ["Former les conseiller·ères à la mobilité inclusive",
                        "Diagnostic mobilité : outils pour les SIAE"],
        K2.TERRITORY_EXCHANGE: ["Comité mobilité solidaire avec les EPCI",
                                "Rencontre des élu·es sur le TUS"],
        K2.AWARENESS: ["Stand écomobilité au marché", "Journée essai VAE"],
    }  # fmt: skip
    events, day = [], start + timedelta(days=20)
    while day <= today:
        kind = rng.choice(list(K2))
        events.append(ProfessionalEvent(
            antenna=antenna, kind=kind, title=rng.choice(titles[kind]), held_on=day,
            epci_sirens=rng.sample(epcis, min(len(epcis), rng.randint(1, 3)))
            if kind == K2.TERRITORY_EXCHANGE else [],
            professionals=rng.randint(4, 25),
            elected=rng.randint(0, 6) if kind == K2.TERRITORY_EXCHANGE else 0,
            public=rng.randint(10, 80) if kind == K2.AWARENESS else 0,
        ))  # fmt: skip
        day += timedelta(days=rng.randint(25, 50))
    events = ProfessionalEvent.objects.bulk_create(events)
    through = ProfessionalEvent.structures.through
    through.objects.bulk_create(
        through(professionalevent_id=e.pk, structure_id=s.pk)
        for e in events
        for s in rng.sample(structures, min(len(structures), rng.randint(1, 3)))
    )
