"""Mobility workshops and who came."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna
from beneficiaries.models import Beneficiary
from services.catalogue import Mode, ServiceKind
from services.models.scoping import AntennaScopedQuerySet, Cancellable


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


class Registration(Cancellable):
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
