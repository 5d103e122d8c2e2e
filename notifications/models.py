"""Every message the platform sends is a row: who, by which channel, what it said, how it went."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, User
from beneficiaries.models import Beneficiary
from services.models import Driver, Trip
from services.models.scoping import AntennaScopedQuerySet


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")


class NotificationQuerySet(AntennaScopedQuerySet):
    pass


class Notification(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec")
        CANCELLED = "cancelled", _("annulé")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    # Exactly one recipient: a person followed, a member of staff or partner, or a TUS driver.
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("bénéficiaire"),
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    driver = models.ForeignKey(
        Driver, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    channel = models.CharField(_("canal"), max_length=5, choices=Channel.choices)
    to = models.CharField(_("destinataire"), max_length=254)
    template = models.CharField(_("modèle"), max_length=40)
    subject = models.CharField(_("objet"), max_length=200, blank=True)
    text = models.TextField(_("texte"))
    segments = models.PositiveSmallIntegerField(_("segments SMS"), default=0)
    # The event the message is about ("registration", 12): never sent once it is cancelled.
    event_kind = models.CharField(max_length=20, blank=True)
    event_id = models.BigIntegerField(null=True, blank=True)
    event_starts_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    not_before = models.DateTimeField(_("pas avant"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    provider_id = models.CharField(_("identifiant chez le fournisseur"), max_length=100, blank=True)
    error = models.CharField(_("erreur"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    link_used_at = models.DateTimeField(_("lien utilisé le"), null=True, blank=True)
    link_answer = models.CharField(_("réponse par le lien"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["antenna", "-created_at", "-id"], name="notif_antenna_created"),
            models.Index(fields=["antenna", "status", "not_before"], name="notif_antenna_status"),
            models.Index(
                fields=["antenna", "beneficiary", "-created_at"], name="notif_antenna_benef"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(beneficiary__isnull=False, user__isnull=True, driver__isnull=True)
                | Q(beneficiary__isnull=True, user__isnull=False, driver__isnull=True)
                | Q(beneficiary__isnull=True, user__isnull=True, driver__isnull=False),
                name="notif_one_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notif_sent_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""),
                name="notif_failure_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.template} → {self.to}"


class SmsOptOut(models.Model):
    """A number that answered STOP: no SMS goes to it again, whichever antenna writes."""

    phone = models.CharField(_("téléphone (E.164)"), max_length=20, unique=True)
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("refus des SMS")
        verbose_name_plural = _("refus des SMS")

    def __str__(self):
        return self.phone


class MessageTemplate(models.Model):
    """An antenna's own wording of one message (the default lives in templates/notifications/)."""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("message"), max_length=40)
    text = models.TextField(_("texte"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("modèle de message")
        verbose_name_plural = _("modèles de message")
        constraints = [
            models.UniqueConstraint(fields=["antenna", "key"], name="msgtemplate_one_per_key")
        ]

    def __str__(self):
        return self.key


class PartOfDay(models.TextChoices):
    """The three parts of a day a volunteer says they are free (notifications.volunteers)."""

    MORNING = "morning", _("matin")
    AFTERNOON = "afternoon", _("après-midi")
    EVENING = "evening", _("soir")


class DriverArea(models.Model):
    """Where a TUS driver lives and how far they will drive to a pick-up, and their e-mail for
    drivers without a mobile phone."""

    driver = models.OneToOneField(Driver, on_delete=models.CASCADE, related_name="area")
    home = models.ForeignKey(
        "antennas.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    max_km = models.PositiveSmallIntegerField(
        _("distance maximale (km)"),
        default=20,
        help_text=_("Jusqu'où la personne accepte d'aller chercher un passager, en km de route."),
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Utilisé si la personne n'a pas de portable.")
    )

    class Meta:
        verbose_name = _("secteur d'un·e conducteur·rice")
        verbose_name_plural = _("secteurs des conducteur·rices")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_km__gte=1, max_km__lte=Trip.MAX_KM),
                name="driverarea_max_km_range",
                violation_error_message=_("Entre 1 et 100 km."),
            )
        ]

    def __str__(self):
        return f"{self.driver} · {self.home_id}"


class DriverSlot(models.Model):
    """A weekly slot the driver declared free: weekday (0 Monday) × part of day."""

    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("jour"))
    part = models.CharField(_("moment"), max_length=9, choices=PartOfDay.choices)

    class Meta:
        verbose_name = _("disponibilité")
        verbose_name_plural = _("disponibilités")
        constraints = [
            models.UniqueConstraint(fields=["driver", "weekday", "part"], name="driverslot_once"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="driverslot_weekday"
            ),
        ]

    def __str__(self):
        return f"{self.driver} · {self.weekday} {self.part}"


class TripOffer(models.Model):
    """A TUS trip proposed to one driver by a signed link. PostgreSQL keeps one accepted offer
    per trip (`tripoffer_one_accepted`); the trip's row lock decides who is first."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("proposé")
        ACCEPTED = "accepted", _("accepté")
        DECLINED = "declined", _("décliné")
        TAKEN = "taken", _("pris par un·e autre")
        WITHDRAWN = "withdrawn", _("retiré")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="offers")
    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    distance_km = models.DecimalField(_("distance au départ (km)"), max_digits=6, decimal_places=1)
    offered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField(_("proposé le"), default=timezone.now)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition de trajet")
        verbose_name_plural = _("propositions de trajet")
        ordering = ["distance_km", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "driver"], name="tripoffer_once_per_driver"),
            models.UniqueConstraint(
                fields=["trip"], condition=Q(status="accepted"), name="tripoffer_one_accepted"
            ),
            models.CheckConstraint(
                condition=Q(status="offered", answered_at__isnull=True)
                | (~Q(status="offered") & Q(answered_at__isnull=False)),
                name="tripoffer_answer_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.trip_id} → {self.driver}"
