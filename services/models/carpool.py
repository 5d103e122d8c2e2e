"""Organised carpooling: offers, requests and the seats taken."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna
from beneficiaries.models import Beneficiary
from services.catalogue import Mode
from services.models.scoping import AntennaScopedQuerySet, Cancellable


class Recurrence(models.TextChoices):
    ONCE = "once", _("une fois")
    WEEKDAYS = "weekdays", _("du lundi au vendredi")
    WEEKLY = "weekly", _("chaque semaine")


class Ride(Cancellable):
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


class RideRequest(Cancellable):
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
        _("mode sans le service"), max_length=16, choices=Mode.choices, default=Mode.UNKNOWN
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


class RidePassenger(Cancellable):
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
        _("mode sans le service"), max_length=16, choices=Mode.choices, default=Mode.UNKNOWN
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
