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
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="bookings")
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
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

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


class ServiceUse(models.Model):
    """One use of a service by a person, with its km and modes: what the indicators count.
    Written by the service modules (a returned booking, a ride, a trip, an attendance), keyed by
    its source so that writing it again updates it."""

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.SET_NULL, null=True, blank=True, related_name="service_uses"
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
    source_model = models.CharField(max_length=40)
    source_id = models.BigIntegerField()

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
        Beneficiary, on_delete=models.PROTECT, related_name="tus_memberships"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    fee = models.DecimalField(_("cotisation (€)"), max_digits=6, decimal_places=2, default=0)
    basis = models.CharField(_("éligibilité retenue"), max_length=10, choices=Basis.choices)
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
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="trips")
    driver = models.ForeignKey(
        Driver, on_delete=models.PROTECT, null=True, blank=True, related_name="trips"
    )
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="trips"
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
    created_at = models.DateTimeField(default=timezone.now, editable=False)

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
