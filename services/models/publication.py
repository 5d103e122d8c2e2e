"""What an antenna publishes of its offer (data·inclusion): a public description of the antenna
and of each service it deploys. Nothing here is personal data."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, Commune, siret_validator
from services.catalogue import ServiceKind
from services.models.scoping import AntennaScopedQuerySet

phone_validator = RegexValidator(
    r"^\+?[0-9 .]{10,20}$", _("Un numéro de téléphone : chiffres, espaces ou points.")
)


def validate_opening_hours(value: str) -> None:
    """The OpenStreetMap opening_hours format that data·inclusion reads."""
    import opening_hours

    try:
        opening_hours.OpeningHours(value)
    except Exception:  # the parser raises several error types for bad syntax
        raise ValidationError(
            _(
                "Horaires au format OpenStreetMap attendus, par exemple "
                "« Mo-Fr 09:00-12:00,14:00-17:00; PH off »."
            )
        ) from None


class Fees(models.TextChoices):
    FREE = "gratuit", _("Gratuit")
    PAID = "payant", _("Payant")


class Public(models.TextChoices):
    """The data·inclusion publics that the antennas serve."""

    ALL = "tous-publics", _("Tous publics")
    JOB_SEEKERS = "demandeurs-emploi", _("Demandeurs d'emploi")
    MINIMA = "beneficiaires-des-minimas-sociaux", _("Bénéficiaires des minimas sociaux")
    YOUNG = "jeunes", _("Jeunes")
    SENIORS = "seniors", _("Séniors")
    DISABLED = "personnes-en-situation-de-handicap", _("Personnes en situation de handicap")
    WORKERS = "actifs", _("Actifs")
    RURAL = "residents-qpv-frr", _("Résidents en QPV ou FRR")


class PublicProfile(models.Model):
    """The antenna as a data·inclusion `structure`."""

    antenna = models.OneToOneField(Antenna, on_delete=models.CASCADE, related_name="public_profile")
    published = models.BooleanField(_("publier l'antenne dans data·inclusion"), default=False)
    description = models.TextField(
        _("présentation publique"),
        blank=True,
        max_length=10000,
        validators=[MinLengthValidator(5)],
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[siret_validator])
    phone = models.CharField(
        _("téléphone d'accueil"), max_length=20, blank=True, validators=[phone_validator]
    )
    email = models.EmailField(_("courriel d'accueil"), blank=True, max_length=254)
    website = models.URLField(_("site web"), blank=True, max_length=300)
    opening_hours = models.CharField(
        _("horaires d'accueil"),
        max_length=300,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("Format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00 »."),
    )
    accessibility_url = models.URLField(_("page Accèslibre du lieu"), blank=True, max_length=300)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("présentation publique de l'antenne")
        verbose_name_plural = _("présentations publiques des antennes")

    def __str__(self):
        return str(self.antenna)


class PublishedService(models.Model):
    """A service the antenna deploys, as a data·inclusion `service`."""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    published = models.BooleanField(_("publier ce service"), default=False)
    name = models.CharField(_("nom public"), max_length=150, validators=[MinLengthValidator(3)])
    description = models.TextField(
        _("description"), max_length=10000, validators=[MinLengthValidator(5)]
    )
    fees = models.CharField(_("frais"), max_length=8, choices=Fees.choices, default=Fees.PAID)
    fees_details = models.CharField(_("précisions sur les frais"), max_length=300, blank=True)
    publics = ArrayField(
        models.CharField(max_length=40, choices=Public.choices),
        verbose_name=_("publics"),
        default=list,
        blank=True,
    )
    access_conditions = models.CharField(_("conditions d'accès"), max_length=500, blank=True)
    opening_hours = models.CharField(
        _("horaires du service"),
        max_length=300,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("Vide : les horaires d'accueil de l'antenne."),
    )
    communes = models.ManyToManyField(
        Commune,
        related_name="+",
        blank=True,
        verbose_name=_("communes desservies"),
        help_text=_("Vide : les communes du territoire de l'antenne."),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service publié")
        verbose_name_plural = _("services publiés")
        ordering = ["antenna", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["antenna", "kind"], name="published_service_once")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if Public.ALL in self.publics and len(self.publics) > 1:
            raise ValidationError(
                {"publics": _("« Tous publics » ne se combine pas avec d'autres publics.")}
            )
