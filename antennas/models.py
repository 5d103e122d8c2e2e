"""The network: territories, communes, antennas, partner structures, people and their roles."""

from datetime import date

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.text import normalise

siren_validator = RegexValidator(r"^\d{9}$", _("Un SIREN compte 9 chiffres."))
siret_validator = RegexValidator(r"^\d{14}$", _("Un SIRET compte 14 chiffres."))

RURAL_DENSITY_LEVELS = (5, 6, 7)


class Territory(models.Model):
    class Kind(models.TextChoices):
        PETR = "petr", _("PETR")
        EPCI = "epci", _("EPCI")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'adresse"), unique=True)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    siren = models.CharField(
        _("SIREN"), max_length=9, unique=True, null=True, blank=True, validators=[siren_validator]
    )
    communes = models.ManyToManyField("Commune", related_name="territories", blank=True)

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("territory_home", kwargs={"territory_slug": self.slug})


class CommuneQuerySet(models.QuerySet):
    def rural(self):
        return self.filter(density_level__in=RURAL_DENSITY_LEVELS)

    def of_territory_file(self):
        """The communes the project carries its own figures for (communes.csv), not all France."""
        return self.filter(density_level__isnull=False)


class Commune(models.Model):
    """Every French commune (antennas/communes.py). The territory's own communes carry the INSEE
    density grid; the others have none: they are outside the territory."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=120)
    search_name = models.CharField(max_length=120, editable=False)
    postal_code = models.CharField(_("code postal"), max_length=5)
    postal_codes = models.CharField(_("codes postaux"), max_length=200)
    # The same codes as a list, for the picker's indexed search by any of them.
    postal_code_list = ArrayField(models.CharField(max_length=5), default=list, editable=False)
    epci_siren = models.CharField(
        _("SIREN de l'EPCI"), max_length=9, blank=True, validators=[siren_validator]
    )
    epci_name = models.CharField(_("EPCI"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    population = models.PositiveIntegerField(_("population municipale"))
    population_year = models.PositiveSmallIntegerField(_("année de la population"))
    density_level = models.PositiveSmallIntegerField(
        _("grille communale de densité (INSEE, 7 niveaux)"),
        null=True,
        blank=True,
        help_text=_("Niveaux 5 à 7 : rural. Vide : commune hors du territoire."),
    )
    density_label = models.CharField(_("libellé de densité"), max_length=80, blank=True)
    density_vintage = models.CharField(_("millésime de la grille"), max_length=20, default="2025")
    siren = models.CharField(_("SIREN de la commune"), max_length=9, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [
            # Prefix searches (LIKE 'abc%') whatever the database's collation.
            models.Index(
                fields=["search_name"],
                name="commune_search_name",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["postal_code"],
                name="commune_postal_code",
                opclasses=["varchar_pattern_ops"],
            ),
            GinIndex(fields=["postal_code_list"], name="commune_postal_codes"),
        ]

    @property
    def in_territory(self) -> bool:
        return self.density_level is not None

    def __str__(self):
        return f"{self.name} ({self.postal_code})"

    @property
    def is_rural(self) -> bool:
        return self.density_level in RURAL_DENSITY_LEVELS

    def save(self, *args, **kwargs):
        self.search_name = normalise(self.name)
        super().save(*args, **kwargs)


class Antenna(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("en projet")
        EXPERIMENTING = "experimenting", _("en expérimentation")
        OPERATING = "operating", _("en fonctionnement")
        CLOSED = "closed", _("fermée")

    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="antennas", verbose_name=_("territoire")
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'adresse"), unique=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="antennas", verbose_name=_("commune")
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    opened_on = models.DateField(_("date d'ouverture"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("antenne")
        verbose_name_plural = _("antennes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_rural(self) -> bool:
        return self.commune.is_rural

    def status_then_display(self) -> str:
        """The label of the status annotated by `status_on` (a report's year), else today's."""
        return Antenna.Status(getattr(self, "status_then", None) or self.status).label

    def get_absolute_url(self):
        return reverse("antenna_home", kwargs={"antenna_slug": self.slug})


def status_on(day: date):
    """The status an antenna had on `day` (SQL `antenna_status_on`, migration 0005), to
    annotate antennas with: `Antenna.objects.annotate(status_then=status_on(day))`."""
    return models.Func(
        models.F("pk"),
        models.Value(day, output_field=models.DateField()),
        function="antenna_status_on",
        output_field=models.CharField(choices=Antenna.Status.choices),
    )


class AntennaStatusChange(models.Model):
    """A dated change of an antenna's status (opening, experiment, operating, closure): past
    years read the status in force on their 31 December (SQL `antenna_status_on`, migration
    0005), and the antenna's `status` and `opened_on` follow the latest change (trigger)."""

    antenna = models.ForeignKey(
        Antenna, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("antenne")
    )
    status = models.CharField(_("nouveau statut"), max_length=16, choices=Antenna.Status.choices)
    changed_on = models.DateField(_("à partir du"))
    note = models.CharField(_("remarque"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("changement de statut d'antenne")
        verbose_name_plural = _("changements de statut d'antenne")
        ordering = ["antenna", "-changed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "changed_on"],
                name="antenna_one_status_change_a_day",
                violation_error_message=_("Un changement de statut existe déjà à cette date."),
            )
        ]

    def __str__(self):
        return f"{self.antenna} · {self.get_status_display()} · {self.changed_on}"


class Structure(models.Model):
    """A partner: an SIAE holding the IAE approval, or a prescriber."""

    class Kind(models.TextChoices):
        ACI = "aci", _("ACI – atelier et chantier d'insertion")
        AI = "ai", _("AI – association intermédiaire")
        EI = "ei", _("EI – entreprise d'insertion")
        ETTI = "etti", _("ETTI – entreprise de travail temporaire d'insertion")
        EITI = "eiti", _("EITI – entreprise d'insertion par le travail indépendant")
        FRANCE_TRAVAIL = "france_travail", _("France Travail")
        MISSION_LOCALE = "mission_locale", _("Mission locale")
        CAP_EMPLOI = "cap_emploi", _("Cap emploi")
        DEPARTEMENT = "departement", _("Services sociaux du département")
        CCAS = "ccas", _("CCAS / CIAS")
        PLIE = "plie", _("PLIE")
        CHRS = "chrs", _("CHRS")
        SPIP = "spip", _("SPIP")
        CAF = "caf", _("CAF")
        MSA = "msa", _("MSA")
        OTHER = "other", _("Autre prescripteur")

    SIAE_KINDS = (Kind.ACI, Kind.AI, Kind.EI, Kind.ETTI, Kind.EITI)

    name = models.CharField(_("nom"), max_length=200)
    siret = models.CharField(
        _("SIRET"), max_length=14, unique=True, null=True, blank=True, validators=[siret_validator]
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="structures", verbose_name=_("commune")
    )
    approval_start = models.DateField(_("début d'agrément"), null=True, blank=True)
    approval_end = models.DateField(_("fin d'agrément"), null=True, blank=True)
    antennas = models.ManyToManyField(
        Antenna, related_name="structures", blank=True, verbose_name=_("antennes partenaires")
    )

    class Meta:
        verbose_name = _("structure partenaire")
        verbose_name_plural = _("structures partenaires")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approval_end__isnull=True)
                | Q(approval_start__isnull=True)
                | Q(approval_end__gte=models.F("approval_start")),
                name="structure_approval_ordered",
                violation_error_message=_("La fin d'agrément précède son début."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_siae(self) -> bool:
        return self.kind in self.SIAE_KINDS


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    MANAGER = "manager", _("responsable d'antenne")
    STAFF = "staff", _("conseiller·ère mobilité")
    SOCIAL_WORKER = "social_worker", _("référent·e social·e")
    OFFICER = "officer", _("chargé·e de mission PCAET")


ANTENNA_ROLES = (Role.MANAGER, Role.STAFF, Role.SOCIAL_WORKER)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("utilisateur")
    )
    antenna = models.ForeignKey(
        Antenna,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("antenne"),
    )
    territory = models.ForeignKey(
        Territory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("territoire"),
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("structure"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        ordering = ["antenna__name", "territory__name"]
        constraints = [
            # An officer belongs to a territory; every other role to an antenna.
            models.CheckConstraint(
                condition=(
                    Q(role=Role.OFFICER, territory__isnull=False, antenna__isnull=True)
                    | (Q(role__in=ANTENNA_ROLES, antenna__isnull=False, territory__isnull=True))
                ),
                name="membership_scope_matches_role",
                violation_error_message=_(
                    "Un·e chargé·e de mission appartient à un territoire ; les autres rôles à une "
                    "antenne."
                ),
            ),
            # A social worker speaks for a partner structure; nobody else does.
            models.CheckConstraint(
                condition=Q(role=Role.SOCIAL_WORKER, structure__isnull=False)
                | (~Q(role=Role.SOCIAL_WORKER) & Q(structure__isnull=True)),
                name="membership_structure_for_social_workers",
                violation_error_message=_(
                    "Une structure est requise pour un·e référent·e social·e, et seulement pour "
                    "ce rôle."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "antenna"],
                condition=Q(antenna__isnull=False),
                name="membership_one_per_antenna",
                violation_error_message=_("Cette personne a déjà un rôle dans cette antenne."),
            ),
            models.UniqueConstraint(
                fields=["user", "territory"],
                condition=Q(territory__isnull=False),
                name="membership_one_per_territory",
                violation_error_message=_("Cette personne a déjà un rôle dans ce territoire."),
            ),
        ]
        indexes = [models.Index(fields=["antenna", "role"], name="membership_antenna_role")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.tenant}"

    @property
    def tenant(self):
        return self.antenna or self.territory

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_social_worker(self) -> bool:
        return self.role == Role.SOCIAL_WORKER

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_antenna_team(self) -> bool:
        return self.role in (Role.MANAGER, Role.STAFF)

    def get_absolute_url(self):
        return self.tenant.get_absolute_url()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither used nor revoked (expired ones included: the manager sees them to revoke)."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """A manager invites a colleague by e-mail: a one-use token that expires."""

    antenna = models.ForeignKey(
        Antenna, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("antenne")
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(
        _("rôle"),
        max_length=16,
        choices=[(r.value, r.label) for r in ANTENNA_ROLES],
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("structure")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invité par")
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisée le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("révoquée par"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["antenna", "-created_at"], name="invitation_antenna_recent")
        ]

    def __str__(self):
        return f"{self.email} → {self.antenna}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
