"""The service bouquet: fleet and bookings, TUS, uses that the indicators count, professional
events."""

from decimal import Decimal

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, Structure, User
from beneficiaries.models import Beneficiary
from services.catalogue import Mode, ServiceKind


class AntennaScopedQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """Antenna rows for the antenna team; nothing for anyone else."""
        if membership is None or membership.antenna_id is None or not membership.is_antenna_team:
            return self.none()
        return self.filter(antenna_id=membership.antenna_id)


class Vehicle(models.Model):
    class Kind(models.TextChoices):
        EBIKE = "ebike", _("vélo à assistance électrique")
        CAR = "car", _("voiture")
        ELECTRIC_CAR = "electric_car", _("voiture électrique")
        SCOOTER = "scooter", _("scooter")
        ADAPTED = "adapted", _("véhicule adapté (TPMR)")
        MINIBUS = "minibus", _("minibus (9 places au plus)")

    class Energy(models.TextChoices):
        ELECTRIC = "electric", _("électrique")
        PETROL = "petrol", _("essence")
        DIESEL = "diesel", _("gazole")
        HYBRID = "hybrid", _("hybride")
        MUSCLE = "muscle", _("musculaire")

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("en service")
        MAINTENANCE = "maintenance", _("en maintenance")
        RETIRED = "retired", _("retiré")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="vehicles")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=100)
    identifier = models.CharField(_("immatriculation ou numéro"), max_length=30)
    seats = models.PositiveSmallIntegerField(_("places"), default=1)
    energy = models.CharField(_("énergie"), max_length=10, choices=Energy.choices)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.IN_SERVICE
    )
    odometer_km = models.PositiveIntegerField(_("compteur (km)"), default=0)
    is_lent = models.BooleanField(
        _("mis à disposition"),
        default=False,
        help_text=_("Prêté par un partenaire plutôt que possédé (rapport TUS au préfet)."),
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("véhicule")
        verbose_name_plural = _("véhicules")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["antenna", "kind", "status"], name="vehicle_antenna_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "identifier"],
                name="vehicle_identifier_unique",
                violation_error_message=_("Un véhicule de l'antenne porte déjà ce numéro."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=9),
                name="vehicle_seats_1_to_9",
                violation_error_message=_("Un véhicule compte de 1 à 9 places."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.identifier})"


class Booking(models.Model):
    """A vehicle held for a period: a rental to a beneficiary, or a maintenance slot.
    PostgreSQL refuses two active bookings of one vehicle that overlap (`booking_no_overlap`)."""

    class Kind(models.TextChoices):
        RENTAL = "rental", _("location")
        MAINTENANCE = "maintenance", _("maintenance")

    class Status(models.TextChoices):
        RESERVED = "reserved", _("réservée")
        CHECKED_OUT = "checked_out", _("sortie")
        RETURNED = "returned", _("rendue")
        CANCELLED = "cancelled", _("annulée")
        NO_SHOW = "no_show", _("absent·e")

    class Purpose(models.TextChoices):
        JOB = "job", _("emploi")
        TRAINING = "training", _("formation")
        INTERVIEW = "interview", _("entretien d'embauche")
        CARE = "care", _("soins")
        SHOPPING = "shopping", _("courses et démarches")
        OTHER = "other", _("autre")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("véhicule")
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("bénéficiaire"),
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.RENTAL)
    period = DateTimeRangeField(_("période"))
    purpose = models.CharField(_("motif"), max_length=12, choices=Purpose.choices, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.RESERVED
    )
    price = models.DecimalField(_("prix"), max_digits=8, decimal_places=2, default=0)
    reference_mode = models.CharField(
        _("mode utilisé sans le service"),
        max_length=16,
        choices=Mode.choices,
        default=Mode.CAR_THERMAL,
    )
    checkout_at = models.DateTimeField(_("sortie le"), null=True, blank=True)
    checkout_odometer = models.PositiveIntegerField(_("compteur au départ"), null=True, blank=True)
    checkout_level = models.PositiveSmallIntegerField(
        _("batterie ou carburant au départ (%)"), null=True, blank=True
    )
    checkout_condition = models.TextField(_("état au départ"), blank=True)
    deposit_taken = models.DecimalField(
        _("caution encaissée"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    checkin_at = models.DateTimeField(_("rendue le"), null=True, blank=True)
    checkin_odometer = models.PositiveIntegerField(_("compteur au retour"), null=True, blank=True)
    checkin_level = models.PositiveSmallIntegerField(
        _("batterie ou carburant au retour (%)"), null=True, blank=True
    )
    checkin_condition = models.TextField(_("état et dégâts au retour"), blank=True)
    deposit_returned = models.DecimalField(
        _("caution rendue"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    km = models.DecimalField(_("km parcourus"), max_digits=8, decimal_places=1, default=0)
    series = models.UUIDField(_("série"), null=True, blank=True)
    notes = models.TextField(_("remarques"), blank=True)
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("confirmation envoyée le")
    )
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("rappel envoyé le")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("créée par")
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("créée le")
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["period"]
        indexes = [
            models.Index(fields=["antenna", "status", "period"], name="booking_antenna_status"),
            models.Index(fields=["antenna", "beneficiary"], name="booking_antenna_benef"),
        ]
        constraints = [
            # Core PostgreSQL only (no btree_gist): the vehicle id as a one-point range.
            ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    (
                        Func(F("vehicle_id"), F("vehicle_id"), Value("[]"), function="int8range"),
                        RangeOperators.OVERLAPS,
                    ),
                    ("period", RangeOperators.OVERLAPS),
                ],
                condition=~Q(status="cancelled"),
                violation_error_message=_("Ce véhicule est déjà réservé sur cette période."),
            ),
            models.CheckConstraint(
                condition=Q(kind="maintenance") | Q(beneficiary__isnull=False),
                name="booking_rental_has_beneficiary",
            ),
            models.CheckConstraint(
                condition=Q(checkin_odometer__isnull=True)
                | Q(checkout_odometer__isnull=True)
                | Q(checkin_odometer__gte=F("checkout_odometer")),
                name="booking_odometer_increases",
                violation_error_message=_("Le compteur au retour est inférieur au départ."),
            ),
        ]

    def __str__(self):
        return f"{self.vehicle} · {self.period.lower:%d/%m/%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.RESERVED, self.Status.CHECKED_OUT)


class ServiceUse(models.Model):
    """One use of a service by a person, with its km and modes: what the indicators count.
    Written by the service modules (a returned booking, a ride, a trip, an attendance), keyed by
    its source so that writing it again updates it."""

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_uses",
        verbose_name=_("bénéficiaire"),
    )
    service = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    used_on = models.DateField(_("date"))
    km = models.DecimalField(_("km"), max_digits=8, decimal_places=1, default=0)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    reference_mode = models.CharField(
        _("mode sans le service"), max_length=16, choices=Mode.choices, default=Mode.CAR_THERMAL
    )
    occupants = models.PositiveSmallIntegerField(
        _("personnes dans le véhicule"), default=1, help_text=_("Pour le covoiturage.")
    )
    source_model = models.CharField(max_length=40, verbose_name=_("origine"))
    source_id = models.BigIntegerField(verbose_name=_("numéro d'origine"))

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("utilisation d'un service")
        verbose_name_plural = _("utilisations des services")
        ordering = ["-used_on"]
        indexes = [
            models.Index(fields=["antenna", "used_on"], name="use_antenna_date"),
            models.Index(fields=["antenna", "service", "used_on"], name="use_antenna_service"),
            models.Index(fields=["antenna", "beneficiary"], name="use_antenna_benef"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_model", "source_id"], name="use_one_per_source"
            ),
            models.CheckConstraint(condition=Q(km__gte=0), name="use_km_positive"),
        ]

    def __str__(self):
        return f"{self.get_service_display()} · {self.used_on:%d/%m/%Y}"


class ProfessionalEvent(models.Model):
    """Upskilling of socio-professional actors, exchanges with territories and EPCIs, awareness
    actions: indicator 1 of action 1.3.3."""

    class Kind(models.TextChoices):
        UPSKILLING = "upskilling", _("montée en compétence des acteurs socioprofessionnels")
        TERRITORY_EXCHANGE = "territory_exchange", _("échange avec les territoires et EPCI")
        AWARENESS = "awareness", _("action de sensibilisation")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    held_on = models.DateField(_("date"))
    structures = models.ManyToManyField(
        Structure, blank=True, related_name="+", verbose_name=_("structures impliquées")
    )
    epci_sirens = ArrayField(
        models.CharField(max_length=9),
        verbose_name=_("EPCI impliqués (SIREN)"),
        default=list,
        blank=True,
    )
    professionals = models.PositiveIntegerField(_("professionnel·les"), default=0)
    elected = models.PositiveIntegerField(_("élu·es"), default=0)
    public = models.PositiveIntegerField(_("public"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement professionnel")
        verbose_name_plural = _("événements professionnels")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["antenna", "held_on"], name="proevent_antenna_date")]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def participants(self) -> int:
        return self.professionals + self.elected + self.public


class TusMembership(models.Model):
    """Yearly membership of the Transport d'Utilité Sociale, with the eligibility that applied
    (Code des transports R3133-1: residence or resources; either is enough)."""

    class Basis(models.TextChoices):
        RESIDENCE = "residence", _("résidence (commune rurale ou petite unité urbaine)")
        RESOURCES = "resources", _("ressources (C2S, plafond ou minima sociaux)")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        related_name="tus_memberships",
        verbose_name=_("bénéficiaire"),
    )
    year = models.PositiveSmallIntegerField(_("année"))
    fee = models.DecimalField(_("cotisation (€)"), max_digits=6, decimal_places=2, default=0)
    basis = models.CharField(_("éligibilité retenue"), max_length=10, choices=Basis.choices)
    basis_detail = models.CharField(
        _("justification de l'éligibilité"),
        max_length=255,
        blank=True,
        help_text=_("Le critère précis et sa source (grille de densité et millésime, plafond…)."),
    )
    paid_on = models.DateField(_("payée le"), default=timezone.localdate)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion TUS")
        verbose_name_plural = _("adhésions TUS")
        ordering = ["-year"]
        indexes = [models.Index(fields=["antenna", "year"], name="tusmember_antenna_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "year"],
                name="tusmember_one_per_year",
                violation_error_message=_("Cette personne est déjà adhérente cette année."),
            )
        ]

    def __str__(self):
        return f"{self.beneficiary} · {self.year}"


class Driver(models.Model):
    """A TUS driver: a volunteer or an employee of the association."""

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    is_volunteer = models.BooleanField(_("bénévole"), default=True)
    is_active = models.BooleanField(_("actif·ve"), default=True)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("conducteur·rice TUS")
        verbose_name_plural = _("conducteur·rices TUS")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["antenna", "is_active"], name="driver_antenna_active")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Trip(models.Model):
    """A TUS trip: at most 100 km, a contribution of at most 0.32 EUR per km, and a driver never
    on two overlapping trips (`trip_driver_no_overlap`)."""

    MAX_KM = 100
    MAX_RATE_PER_KM = Decimal("0.32")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("demandé")
        REFUSED = "refused", _("refusé")
        SCHEDULED = "scheduled", _("planifié")
        DONE = "done", _("effectué")
        CANCELLED = "cancelled", _("annulé")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="trips", verbose_name=_("bénéficiaire")
    )
    driver = models.ForeignKey(
        Driver,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trips",
        verbose_name=_("conducteur·rice"),
    )
    vehicle = models.ForeignKey(
        Vehicle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trips",
        verbose_name=_("véhicule"),
    )
    pickup = models.ForeignKey(
        "antennas.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("départ")
    )
    dropoff = models.ForeignKey(
        "antennas.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("arrivée")
    )
    period = DateTimeRangeField(_("horaire"))
    purpose = models.CharField(
        _("motif"), max_length=12, choices=Booking.Purpose.choices, default=Booking.Purpose.CARE
    )
    distance_km = models.DecimalField(_("distance (km)"), max_digits=6, decimal_places=1)
    contribution = models.DecimalField(
        _("participation (€)"), max_digits=7, decimal_places=2, default=0
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    refusal_reason = models.CharField(_("motif du refus"), max_length=255, blank=True)
    reference_mode = models.CharField(
        _("mode sans le service"), max_length=16, choices=Mode.choices, default=Mode.CAR_THERMAL
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("créé le")
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("trajet TUS")
        verbose_name_plural = _("trajets TUS")
        ordering = ["period"]
        indexes = [models.Index(fields=["antenna", "status", "period"], name="trip_antenna_status")]
        constraints = [
            ExclusionConstraint(
                name="trip_driver_no_overlap",
                expressions=[
                    (
                        Func(F("driver_id"), F("driver_id"), Value("[]"), function="int8range"),
                        RangeOperators.OVERLAPS,
                    ),
                    ("period", RangeOperators.OVERLAPS),
                ],
                condition=Q(driver__isnull=False) & Q(status__in=["scheduled", "done"]),
                violation_error_message=_("Ce·tte conducteur·rice a déjà un trajet à cet horaire."),
            ),
            models.CheckConstraint(
                condition=Q(distance_km__lte=100),
                name="trip_at_most_100_km",
                violation_error_message=_("Un trajet TUS ne dépasse pas 100 km."),
            ),
            models.CheckConstraint(
                condition=Q(contribution__lte=F("distance_km") * Decimal("0.32")),
                name="trip_contribution_capped",
                violation_error_message=_("La participation dépasse 0,32 € par km."),
            ),
        ]

    def __str__(self):
        return f"{self.pickup.name} → {self.dropoff.name}"


class ServiceSettings(models.Model):
    """The rules and rates an antenna sets for its services (one row per antenna)."""

    antenna = models.OneToOneField(Antenna, on_delete=models.CASCADE, related_name="+")
    require_ebike_training = models.BooleanField(
        _("la location d'un VAE exige la formation VAE suivie"), default=True
    )
    require_licence_for_car = models.BooleanField(
        _("une voiture exige un permis valide"), default=True
    )
    require_accepted_referral = models.BooleanField(
        _("une réservation exige une orientation acceptée"), default=False
    )
    carpool_rate_per_km = models.DecimalField(
        _("covoiturage : frais partagés par km (€)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.15"),
    )
    tus_road_factor = models.DecimalField(
        _("TUS : coefficient route / vol d'oiseau"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.30"),
        help_text=_("Distance routière estimée = distance à vol d'oiseau × coefficient."),
    )
    tus_rate_per_km = models.DecimalField(
        _("TUS : participation par km (€)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.32"),
        help_text=_("0,32 € par km au plus (Code des transports, R3133-1)."),
    )
    membership_fee = models.DecimalField(
        _("cotisation annuelle (€)"), max_digits=6, decimal_places=2, default=Decimal("2.00")
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("réglages des services")
        verbose_name_plural = _("réglages des services")
        constraints = [
            models.CheckConstraint(
                condition=Q(tus_rate_per_km__lte=Decimal("0.32"), tus_rate_per_km__gte=0),
                name="settings_tus_rate_capped",
                violation_error_message=_("La participation TUS ne dépasse pas 0,32 € par km."),
            ),
            models.CheckConstraint(
                condition=Q(tus_road_factor__gte=1, tus_road_factor__lte=3),
                name="settings_road_factor_range",
                violation_error_message=_("Le coefficient routier est compris entre 1 et 3."),
            ),
        ]

    def __str__(self):
        return str(self.antenna)


class PriceRule(models.Model):
    """The solidarity price of one vehicle kind in an antenna."""

    class Unit(models.TextChoices):
        HOUR = "hour", _("par heure")
        DAY = "day", _("par jour")
        KM = "km", _("par km")

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+")
    vehicle_kind = models.CharField(
        _("type de véhicule"), max_length=16, choices=Vehicle.Kind.choices
    )
    unit = models.CharField(_("unité"), max_length=4, choices=Unit.choices, default=Unit.DAY)
    price = models.DecimalField(_("prix (€)"), max_digits=7, decimal_places=2)
    reduced_price = models.DecimalField(
        _("prix réduit (€)"),
        max_digits=7,
        decimal_places=2,
        help_text=_("Pour les personnes aux ressources faibles (C2S, plafond, minima sociaux)."),
    )
    deposit = models.DecimalField(_("caution (€)"), max_digits=7, decimal_places=2, default=0)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tarif solidaire")
        verbose_name_plural = _("grille tarifaire solidaire")
        ordering = ["vehicle_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "vehicle_kind"],
                name="price_one_per_kind",
                violation_error_message=_("Ce type de véhicule a déjà un tarif."),
            ),
            models.CheckConstraint(
                condition=Q(reduced_price__lte=F("price"), reduced_price__gte=0),
                name="price_reduced_not_above",
                violation_error_message=_("Le prix réduit ne dépasse pas le prix normal."),
            ),
        ]

    def __str__(self):
        return f"{self.get_vehicle_kind_display()} · {self.price} € {self.get_unit_display()}"


class Recurrence(models.TextChoices):
    ONCE = "once", _("une fois")
    WEEKDAYS = "weekdays", _("du lundi au vendredi")
    WEEKLY = "weekly", _("chaque semaine")


class Ride(models.Model):
    """A carpool offer: a driver, a route between two communes, a departure and free seats."""

    class DriverKind(models.TextChoices):
        BENEFICIARY = "beneficiary", _("bénéficiaire")
        VOLUNTEER = "volunteer", _("bénévole")
        EMPLOYEE = "employee", _("salarié·e d'une entreprise partenaire")

    class Status(models.TextChoices):
        PLANNED = "planned", _("prévu")
        DONE = "done", _("effectué")
        CANCELLED = "cancelled", _("annulé")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    driver_kind = models.CharField(_("conducteur·rice"), max_length=12, choices=DriverKind.choices)
    driver_beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rides_driven",
        verbose_name=_("bénéficiaire conducteur·rice"),
    )
    driver_name = models.CharField(
        _("nom du conducteur ou de la conductrice"), max_length=150, blank=True
    )
    company = models.CharField(_("entreprise"), max_length=150, blank=True)
    origin = models.ForeignKey(
        "antennas.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("départ")
    )
    destination = models.ForeignKey(
        "antennas.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("arrivée")
    )
    departure = models.DateTimeField(_("départ le"))
    seats = models.PositiveSmallIntegerField(_("places passagers"), default=3)
    recurrence = models.CharField(
        _("récurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    series = models.UUIDField(null=True, blank=True, editable=False, verbose_name=_("série"))
    distance_km = models.DecimalField(_("distance (km)"), max_digits=6, decimal_places=1)
    rate_per_km = models.DecimalField(_("frais par km (€)"), max_digits=4, decimal_places=2)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("créé le")
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("trajet de covoiturage")
        verbose_name_plural = _("trajets de covoiturage")
        ordering = ["departure"]
        indexes = [
            models.Index(fields=["antenna", "status", "departure"], name="ride_antenna_departure"),
            models.Index(fields=["antenna", "driver_beneficiary"], name="ride_antenna_driver"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=8),
                name="ride_seats_1_to_8",
                violation_error_message=_("Un trajet propose de 1 à 8 places."),
            ),
            models.CheckConstraint(
                condition=~Q(driver_kind="beneficiary") | Q(driver_beneficiary__isnull=False),
                name="ride_beneficiary_driver_named",
                violation_error_message=_("Choisissez le ou la bénéficiaire qui conduit."),
            ),
        ]

    def __str__(self):
        return f"{self.origin.name} → {self.destination.name}"

    @property
    def driver_label(self) -> str:
        if self.driver_beneficiary_id:
            return str(self.driver_beneficiary)
        return " · ".join(filter(None, [self.driver_name, self.company]))


class RideRequest(models.Model):
    """A passenger's need: from a commune to another around a time."""

    class Status(models.TextChoices):
        OPEN = "open", _("en attente")
        MATCHED = "matched", _("place trouvée")
        CANCELLED = "cancelled", _("annulée")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        related_name="ride_requests",
        verbose_name=_("bénéficiaire"),
    )
    origin = models.ForeignKey(
        "antennas.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("départ")
    )
    destination = models.ForeignKey(
        "antennas.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("arrivée")
    )
    wanted_at = models.DateTimeField(_("départ souhaité"))
    window_minutes = models.PositiveSmallIntegerField(
        _("souplesse (minutes avant ou après)"), default=60
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reference_mode = models.CharField(
        _("mode sans le service"), max_length=16, choices=Mode.choices, default=Mode.CAR_THERMAL
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("créée le")
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de covoiturage")
        verbose_name_plural = _("demandes de covoiturage")
        ordering = ["wanted_at"]
        indexes = [
            models.Index(fields=["antenna", "status", "wanted_at"], name="riderequest_antenna")
        ]

    def __str__(self):
        return f"{self.beneficiary} · {self.origin.name} → {self.destination.name}"


class RidePassenger(models.Model):
    """A seat held on a ride. Seats are counted under a lock on the ride row."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("réservée")
        CANCELLED = "cancelled", _("annulée")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    ride = models.ForeignKey(
        Ride, on_delete=models.CASCADE, related_name="passengers", verbose_name=_("trajet")
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        related_name="ride_seats",
        verbose_name=_("bénéficiaire"),
    )
    request = models.ForeignKey(
        RideRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("demande"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    cost_share = models.DecimalField(
        _("participation aux frais (€)"), max_digits=7, decimal_places=2, default=0
    )
    reference_mode = models.CharField(
        _("mode sans le service"), max_length=16, choices=Mode.choices, default=Mode.CAR_THERMAL
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("créée le")
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("passager·ère")
        verbose_name_plural = _("passager·ères")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["antenna", "beneficiary"], name="ridepass_antenna_benef")]
        constraints = [
            models.UniqueConstraint(
                fields=["ride", "beneficiary"],
                condition=Q(status="booked"),
                name="ridepass_once_per_ride",
                violation_error_message=_("Cette personne a déjà une place sur ce trajet."),
            )
        ]

    def __str__(self):
        return f"{self.beneficiary} · {self.ride}"


class Session(models.Model):
    """A workshop for beneficiaries, with a capacity and a waiting list."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("information mobilité")
        COACHING = "coaching", _("accompagnement")
        PRACTICE = "practice", _("mise en pratique")
        EBIKE_TRAINING = "ebike_training", _("formation au VAE")
        HIGHWAY_CODE = "highway_code", _("code de la route")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=120)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), default=8)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["antenna", "starts_at"], name="session_antenna_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="session_capacity_positive",
                violation_error_message=_("Un atelier compte au moins une place."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    @property
    def service(self) -> str:
        if self.kind == self.Kind.EBIKE_TRAINING:
            return ServiceKind.EBIKE_TRAINING
        return ServiceKind.WORKSHOP


class Registration(models.Model):
    """A person registered to a session (or waiting for a place), and their attendance."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("inscrit·e")
        WAITING = "waiting", _("liste d'attente")
        CANCELLED = "cancelled", _("désinscrit·e")

    class Attendance(models.TextChoices):
        TO_FILL = "to_fill", _("à renseigner")
        PRESENT = "present", _("présent·e")
        EXCUSED = "excused", _("absent·e excusé·e")
        UNEXCUSED = "unexcused", _("absent·e non excusé·e")
        CANCELLED = "cancelled", _("annulé")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("atelier")
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("bénéficiaire"),
    )
    status = models.CharField(
        _("inscription"), max_length=10, choices=Status.choices, default=Status.REGISTERED
    )
    attendance = models.CharField(
        _("présence"), max_length=10, choices=Attendance.choices, default=Attendance.TO_FILL
    )
    reference_mode = models.CharField(
        _("mode sans le service"), max_length=16, choices=Mode.choices, default=Mode.NONE
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("créée le")
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription à un atelier")
        verbose_name_plural = _("inscriptions aux ateliers")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["antenna", "beneficiary"], name="registration_antenna_benef")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "beneficiary"],
                name="registration_once_per_session",
                violation_error_message=_("Cette personne est déjà inscrite à cet atelier."),
            )
        ]

    def __str__(self):
        return f"{self.beneficiary} · {self.session}"
