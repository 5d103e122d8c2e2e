"""Transport d'Utilité Sociale: yearly memberships, drivers and trips."""

from decimal import Decimal

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna
from beneficiaries.models import Beneficiary
from services.catalogue import Mode
from services.models.fleet import Booking, Vehicle
from services.models.scoping import AntennaScopedQuerySet, Cancellable, one_point_range


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
    # Set by PostgreSQL (migration 0010): the day the driver was added (NULL: before the dates
    # were kept) and the day they stopped (is_active unset), so a year's report counts its own.
    joined_on = models.DateField(_("arrivé·e le"), null=True, blank=True, editable=False)
    left_on = models.DateField(_("parti·e le"), null=True, blank=True, editable=False)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("conducteur·rice TUS")
        verbose_name_plural = _("conducteur·rices TUS")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["antenna", "is_active"], name="driver_antenna_active")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Trip(Cancellable):
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
    # The vehicle's hold (services/occupancy.py), written with the acceptance.
    booking = models.OneToOneField(
        Booking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="trip",
        verbose_name=_("réservation du véhicule"),
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
        _("mode sans le service"), max_length=16, choices=Mode.choices, default=Mode.UNKNOWN
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
                        one_point_range("driver_id"),
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
