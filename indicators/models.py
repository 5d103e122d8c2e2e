"""Targets set by the territory, emission factors, compiled reports, and the association details
an antenna gives for the préfet's TUS report."""

import os
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, Territory, User
from indicators.catalogue import FIRST_YEAR, TARGET_CHOICES
from services.catalogue import Mode


class PrivateStorage(FileSystemStorage):
    """Reports live outside MEDIA_ROOT (served publicly in debug): only the download views, which
    check the membership, read them (settings.PRIVATE_MEDIA_ROOT)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):
        return None


private_storage = PrivateStorage()


def private_storage_callable():
    return private_storage


class TerritoryScopedQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """The territory's officers and the teams of its antennas: no personal data here."""
        if membership is None:
            return self.none()
        territory_id = membership.territory_id or (
            membership.antenna.territory_id if membership.antenna_id else None
        )
        return self.filter(territory_id=territory_id)


class Target(models.Model):
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="targets", verbose_name=_("territoire")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    indicator = models.CharField(_("indicateur"), max_length=40, choices=TARGET_CHOICES)
    value = models.DecimalField(
        _("objectif"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    set_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TerritoryScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["territory", "year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "year", "indicator"],
                name="target_one_per_indicator",
                violation_error_message=_("Un objectif existe déjà pour cet indicateur."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_value_positive",
                violation_error_message=_("Un objectif ne peut pas être négatif."),
            ),
        ]

    def __str__(self):
        return f"{self.territory} · {self.year} · {self.get_indicator_display()} = {self.value}"


class Quantity(models.TextChoices):
    CO2E = "co2e", _("gaz à effet de serre (kgCO2e/km)")
    FUEL = "fuel", _("carburant (litres/km)")
    NOX = "nox", _("oxydes d'azote NOx (g/km)")
    PM10 = "pm10", _("particules PM10 (g/km)")
    PM25 = "pm25", _("particules PM2,5 (g/km)")


POLLUTANTS = (Quantity.NOX, Quantity.PM10, Quantity.PM25)


class EmissionFactor(models.Model):
    """A per-km factor of one mode for one quantity, in force from `valid_from`: a year's figures
    use the factor in force on 31 December (or the oldest one for earlier years)."""

    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    quantity = models.CharField(
        _("grandeur"), max_length=8, choices=Quantity.choices, default=Quantity.CO2E
    )
    value = models.DecimalField(
        _("valeur par km"),
        max_digits=10,
        decimal_places=5,
        validators=[MinValueValidator(Decimal(0))],
    )
    unit = models.CharField(_("unité"), max_length=30, default="kgCO2e/km")
    per_occupant = models.BooleanField(
        _("divisé par les personnes à bord"),
        default=False,
        help_text=_("Covoiturage : le facteur du véhicule est partagé entre ses occupant·es."),
    )
    source = models.CharField(_("source"), max_length=300)
    version = models.CharField(_("version"), max_length=100)
    valid_from = models.DateField(_("en vigueur depuis"))
    notes = models.TextField(_("remarques"), blank=True)

    class Meta:
        verbose_name = _("facteur d'émission")
        verbose_name_plural = _("facteurs d'émission")
        ordering = ["quantity", "mode", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["mode", "quantity", "valid_from"],
                name="factor_one_per_date",
                violation_error_message=_("Un facteur existe déjà pour ce mode à cette date."),
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="factor_value_positive"),
        ]

    def __str__(self):
        return f"{self.get_mode_display()} · {self.quantity} · {self.value} {self.unit}"


class Report(models.Model):
    """One compilation of a territory's yearly PDF. A new request makes a new row; the latest done
    one is what people download, earlier ones stay listed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("prêt")
        FAILED = "failed", _("échec")

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="reports", verbose_name=_("territoire")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("statut"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    file = models.FileField(_("fichier"), storage=private_storage_callable, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)
    checksum = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    generated_at = models.DateTimeField(_("produit le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    factor_versions = models.JSONField(_("facteurs utilisés"), default=dict, blank=True)
    # The people counts this report published, as audited by indicators.secrecy (Document JSON):
    # what every page, CSV and API answer of the year shows, and a constraint on later reports.
    document = models.JSONField(_("effectifs publiés"), default=dict, blank=True)
    # Cells whose published form differs from the previous report of the same year: [key, before,
    # after] (indicators.secrecy.document.changes).
    changes = models.JSONField(
        _("changements depuis la version précédente"), default=list, blank=True
    )

    objects = TerritoryScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport annuel")
        verbose_name_plural = _("rapports annuels")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(
                fields=["territory", "year", "-requested_at"], name="report_territory_year"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="report_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file="") & ~Q(checksum=""),
                name="report_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.territory} · {self.year} · {self.get_status_display()}"

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def filename(self):
        return f"rapport-pcaet-{self.territory.slug}-{self.year}.pdf"


class AntennaProfileQuerySet(models.QuerySet):
    def visible_to(self, membership):
        if membership is None or membership.antenna_id is None:
            return self.none()
        return self.filter(antenna_id=membership.antenna_id)


rna_validator = RegexValidator(
    r"^W\d{9}$", _("Un numéro RNA s'écrit W suivi de 9 chiffres (ex. W672001234).")
)


class AssociationProfile(models.Model):
    """The association running an antenna's TUS, as the préfet's yearly report asks for it."""

    antenna = models.OneToOneField(
        Antenna, on_delete=models.CASCADE, related_name="association_profile"
    )
    name = models.CharField(_("nom de l'association"), max_length=200)
    rna_number = models.CharField(
        _("numéro RNA"),
        max_length=10,
        blank=True,
        validators=[rna_validator],
        help_text=_(
            "W suivi de 9 chiffres. Les associations inscrites au registre d'Alsace-Moselle "
            "peuvent laisser vide et l'indiquer dans l'adresse."
        ),
    )
    address = models.CharField(_("adresse du siège"), max_length=255)
    employees = models.PositiveIntegerField(_("salarié·es"), default=0)
    volunteers = models.PositiveIntegerField(_("bénévoles"), default=0)
    members = models.PositiveIntegerField(_("adhérent·es"), default=0)
    passenger_rules = models.TextField(
        _("conditions de prise en charge des passagers"),
        blank=True,
        help_text=_("Réservation, délais, accompagnement, destinations desservies…"),
    )
    contribution_rule = models.CharField(
        _("participation aux frais demandée"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : 0,30 € par km, plafonnée par la loi à 0,32 € par km."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AntennaProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("association (rapport TUS)")
        verbose_name_plural = _("associations (rapport TUS)")
        constraints = [
            models.CheckConstraint(
                condition=Q(employees__lte=100_000)
                & Q(volunteers__lte=100_000)
                & Q(members__lte=1_000_000),
                name="assoc_headcounts_plausible",
            )
        ]

    def __str__(self):
        return self.name


# The rollup tables live with the code that reads and rebuilds them.
from indicators.rollups.tables import (  # noqa: E402, F401
    EventRollup,
    Headcount,
    PersonRollup,
    UseRollup,
    UserRollup,
    UseYearRollup,
)
