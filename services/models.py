"""The service bouquet: fleet and bookings, uses that the indicators count, professional events."""

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
