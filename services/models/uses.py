"""What the indicators count: each use of a service, and the professional events."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, Structure
from beneficiaries.models import Beneficiary
from services.catalogue import Mode, ServiceKind
from services.models.scoping import AntennaScopedQuerySet


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
        _("mode sans le service"), max_length=16, choices=Mode.choices, default=Mode.UNKNOWN
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
