"""The fleet, its bookings (never overlapping, PostgreSQL says so), the antenna's rules and
its solidarity prices."""

from decimal import Decimal

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.contrib.postgres.fields.ranges import RangeStartsWith
from django.contrib.postgres.indexes import GistIndex
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, User
from beneficiaries.models import Beneficiary
from services.catalogue import Mode
from services.models.scoping import AntennaScopedQuerySet, Cancellable, one_point_range


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


class Booking(Cancellable):
    """A vehicle held for a period: a rental to a beneficiary, a maintenance slot or a TUS trip
    (services/occupancy.py). PostgreSQL refuses two active bookings of one vehicle that overlap
    (`booking_no_overlap`) and one that overlaps a vehicle not back yet (a trigger)."""

    class Kind(models.TextChoices):
        RENTAL = "rental", _("location")
        MAINTENANCE = "maintenance", _("maintenance")
        TUS = "tus", _("trajet TUS")

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
        default=Mode.UNKNOWN,
    )
    checkout_at = models.DateTimeField(_("sortie le"), null=True, blank=True)
    checkout_odometer = models.PositiveIntegerField(_("compteur au départ"), null=True, blank=True)
    checkout_level = models.PositiveSmallIntegerField(
        _("batterie ou carburant au départ (%)"), null=True, blank=True
    )
    checkout_condition = models.TextField(_("état au départ"), blank=True)
    checkin_at = models.DateTimeField(_("rendue le"), null=True, blank=True)
    checkin_odometer = models.PositiveIntegerField(_("compteur au retour"), null=True, blank=True)
    checkin_level = models.PositiveSmallIntegerField(
        _("batterie ou carburant au retour (%)"), null=True, blank=True
    )
    checkin_condition = models.TextField(_("état et dégâts au retour"), blank=True)
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

    # The start of the period, kept by PostgreSQL: the bookings list pages on it by keyset
    # (newest first) along the index below, with no OFFSET and no count over every booking.
    starts_at = models.GeneratedField(
        expression=RangeStartsWith("period"),
        output_field=models.DateTimeField(),
        db_persist=True,
        verbose_name=_("début"),
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["period"]
        indexes = [
            models.Index(fields=["antenna", "status", "period"], name="booking_antenna_status"),
            models.Index(fields=["antenna", "beneficiary"], name="booking_antenna_benef"),
            models.Index(fields=["antenna", "starts_at", "id"], name="booking_antenna_start"),
            # What holds a vehicle over a window (services/occupancy.py): the calendar, the
            # day's departures, the home panel, found by period, not by reading every booking.
            GistIndex(
                one_point_range("antenna_id"),
                F("period"),
                name="booking_antenna_period",
                condition=~Q(status="cancelled"),
            ),
            # The vehicles still out, by vehicle: "retour en retard" on the next booking.
            models.Index(
                fields=["antenna", "vehicle"],
                name="booking_out_by_vehicle",
                condition=Q(status="checked_out"),
            ),
        ]
        constraints = [
            # Core PostgreSQL only (no btree_gist): the vehicle id as a one-point range.
            ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    (
                        one_point_range("vehicle_id"),
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
