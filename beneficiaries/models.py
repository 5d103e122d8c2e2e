"""People followed by an antenna, and what the social workers and staff record about them."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, Commune, Structure, User
from antennas.phones import national_digits
from antennas.text import normalise
from services.catalogue import Mode, ServiceKind


class Gender(models.TextChoices):
    FEMALE = "f", _("femme")
    MALE = "m", _("homme")
    OTHER = "x", _("autre / non précisé")


class Situation(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("demandeur·se d'emploi")
    RSA = "rsa", _("bénéficiaire du RSA")
    ASS = "ass", _("bénéficiaire de l'ASS")
    AAH = "aah", _("bénéficiaire de l'AAH")
    YOUNG = "young", _("jeune de moins de 26 ans sans emploi ni formation")
    IAE_EMPLOYEE = "iae_employee", _("salarié·e en insertion (IAE)")
    SENIOR = "senior", _("senior")
    OTHER = "other", _("autre")


class Licence(models.TextChoices):
    WITH_VEHICLE = "with_vehicle", _("permis avec véhicule")
    WITHOUT_VEHICLE = "without_vehicle", _("permis sans véhicule")
    CODE_PASSED = "code_passed", _("code obtenu")
    IN_PROGRESS = "in_progress", _("permis en cours")
    INVALID = "invalid", _("permis invalidé ou suspendu")
    NONE = "none", _("pas de permis")


VALID_LICENCES = (Licence.WITH_VEHICLE, Licence.WITHOUT_VEHICLE)


class TransportAutonomy(models.TextChoices):
    AUTONOMOUS = "autonomous", _("autonome")
    WITH_HELP = "with_help", _("avec aide")
    NOT_AUTONOMOUS = "not_autonomous", _("pas autonome")


class Goal(models.TextChoices):
    JOB = "job", _("emploi")
    TRAINING = "training", _("formation")
    CARE = "care", _("soins")
    SHOPPING = "shopping", _("courses")
    SOCIAL = "social", _("liens sociaux")


class Outcome(models.TextChoices):
    DURABLE_JOB = "durable_job", _("emploi durable")
    TRANSITION_JOB = "transition_job", _("emploi de transition")
    TRAINING = "training", _("formation")
    MOVED = "moved", _("déménagement")
    NO_NEWS = "no_news", _("sans nouvelles")
    OTHER = "other", _("autre")


class ContactChannel(models.TextChoices):
    """How the person agreed to get reminders (blank: never asked)."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    NONE = "none", _("aucun message")


class BeneficiaryQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """What a membership may see: its antenna's people; a social worker only those their
        structure referred; an officer nobody."""
        if membership is None or membership.antenna_id is None:
            return self.none()
        qs = self.filter(antenna_id=membership.antenna_id)
        if membership.structure_id is not None:
            qs = qs.filter(referring_structure_id=membership.structure_id)
        return qs


class Beneficiary(models.Model):
    class Status(models.TextChoices):
        REFERRED = "referred", _("orienté·e")
        ACTIVE = "active", _("accompagné·e")
        EXITED = "exited", _("sorti·e")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="beneficiaries")
    referring_structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        verbose_name=_("structure prescriptrice"),
    )
    referent = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("référent·e"),
    )
    last_name = models.CharField(_("nom"), max_length=150)
    first_name = models.CharField(_("prénom"), max_length=150)
    birth_date = models.DateField(_("date de naissance"))
    gender = models.CharField(_("genre"), max_length=1, choices=Gender.choices)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune de résidence")
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    disability_recognition = models.BooleanField(
        _("reconnaissance de handicap (RQTH)"), default=False
    )
    disability_reason = models.CharField(
        _("motif d'enregistrement du handicap"), max_length=255, blank=True
    )
    resources_yearly = models.DecimalField(
        _("ressources annuelles déclarées (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    has_c2s = models.BooleanField(_("bénéficie de la C2S"), default=False)
    licence = models.CharField(_("permis de conduire"), max_length=20, choices=Licence.choices)
    can_ride_bike = models.BooleanField(_("sait faire du vélo"), null=True, blank=True)
    transport_autonomy = models.CharField(
        _("autonomie en transports en commun"),
        max_length=20,
        choices=TransportAutonomy.choices,
        blank=True,
    )
    goals = ArrayField(
        models.CharField(max_length=20, choices=Goal.choices),
        verbose_name=_("objectifs"),
        default=list,
        blank=True,
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.REFERRED
    )
    entry_date = models.DateField(_("date d'entrée"), null=True, blank=True)
    exit_date = models.DateField(_("date de sortie"), null=True, blank=True)
    exit_outcome = models.CharField(
        _("motif de sortie"), max_length=20, choices=Outcome.choices, blank=True
    )
    privacy_notice_on = models.DateField(
        _("information sur les données personnelles remise le"), null=True, blank=True
    )
    consent_note = models.CharField(_("note de consentement"), max_length=255, blank=True)
    contact_channel = models.CharField(
        _("rappels par"), max_length=5, choices=ContactChannel.choices, blank=True
    )
    contact_informed_on = models.DateField(_("informé·e des rappels le"), null=True, blank=True)
    last_contact_on = models.DateField(_("dernier contact"), default=timezone.localdate)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    # Written by save(): normalised copies for search and duplicate detection.
    search_text = models.CharField(max_length=500, editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    name_key = models.CharField(max_length=300, editable=False, default="")
    phone_digits = models.CharField(max_length=20, editable=False, default="")

    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("créé·e par"),
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("créé le")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("modifié le"))

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("bénéficiaire")
        verbose_name_plural = _("bénéficiaires")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(
                fields=["antenna", "last_name", "first_name", "id"], name="benef_antenna_name"
            ),
            models.Index(
                fields=["antenna", "referring_structure", "status"], name="benef_antenna_struct"
            ),
            models.Index(
                fields=["antenna", "name_key", "birth_date"], name="benef_antenna_namekey"
            ),
            # The list's keyset order and the search's first tier (mobilex/pagination.py).
            models.Index(fields=["antenna", "name_key", "id"], name="benef_antenna_namekey_id"),
            # The home page's bounded counts by status (beneficiaries/panels.py).
            models.Index(
                fields=["antenna", "status"],
                name="benef_antenna_status_live",
                condition=models.Q(anonymised_at__isnull=True),
            ),
            # Duplicates by phone, and a phone search's keyset order (beneficiaries/search.py).
            models.Index(fields=["antenna", "phone_digits", "id"], name="benef_antenna_phone_id"),
            # Near-duplicates: people born the same day (or with day and month swapped).
            models.Index(fields=["antenna", "birth_date"], name="benef_antenna_birth"),
            models.Index(fields=["antenna", "email"], name="benef_antenna_email"),
            models.Index(fields=["antenna", "last_contact_on"], name="benef_antenna_contact"),
            GinIndex(fields=["search_vector"], name="benef_search_vector"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True)
                | Q(entry_date__isnull=True)
                | Q(exit_date__gte=models.F("entry_date")),
                name="benef_exit_after_entry",
                violation_error_message=_("La date de sortie précède la date d'entrée."),
            ),
        ]

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name}"

    @property
    def goal_labels(self) -> list[str]:
        return [str(Goal(v).label) for v in self.goals]

    def refresh_search_fields(self):
        """The normalised copies; also called before bulk_create, which skips save()."""
        self.name_key = normalise(f"{self.last_name} {self.first_name}")
        self.phone_digits = national_digits(self.phone)
        self.email = (self.email or "").lower()
        commune_name = self.commune.name if self.commune_id else ""
        self.search_text = " ".join(
            filter(None, [self.name_key, normalise(commune_name), self.phone_digits])
        )

    def save(self, *args, **kwargs):
        self.refresh_search_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {
                "name_key",
                "phone_digits",
                "email",
                "search_text",
                "updated_at",
            }
        super().save(*args, **kwargs)


class TenantQuerySet(models.QuerySet):
    """Rows hanging off a beneficiary: visible where the beneficiary is."""

    def visible_to(self, membership):
        if membership is None or membership.antenna_id is None:
            return self.none()
        qs = self.filter(antenna_id=membership.antenna_id)
        if membership.structure_id is not None:
            qs = qs.filter(beneficiary__referring_structure_id=membership.structure_id)
        return qs


class Referral(models.Model):
    """An orientation to the antenna: prescribed by a partner structure, or a direct arrival at
    the desk recorded by the antenna itself. Its statuses move only as beneficiaries/lifecycles.py
    declares."""

    class Status(models.TextChoices):
        SENT = "sent", _("envoyée")
        ACCEPTED = "accepted", _("acceptée")
        REFUSED = "refused", _("refusée")
        CANCELLED = "cancelled", _("retirée")

    class Origin(models.TextChoices):
        PRESCRIBED = "prescribed", _("prescription")
        DIRECT = "direct", _("accueil direct")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("bénéficiaire"),
    )
    origin = models.CharField(
        _("origine"), max_length=10, choices=Origin.choices, default=Origin.PRESCRIBED
    )
    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("structure"),
    )
    social_worker = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("référent·e")
    )
    services_requested = ArrayField(
        models.CharField(max_length=20, choices=ServiceKind.choices),
        verbose_name=_("services demandés"),
        default=list,
    )
    reason = models.TextField(_("motif de l'orientation"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    refusal_reason = models.TextField(_("motif du refus"), blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    cancelled_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retirée par"),
    )
    cancel_reason = models.TextField(_("motif du retrait"), blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["antenna", "status", "-sent_at"], name="referral_antenna_status"),
            # The inbox's keyset order when every status is shown (beneficiaries/views.py).
            models.Index(fields=["antenna", "sent_at", "id"], name="referral_antenna_sent"),
            models.Index(fields=["antenna", "beneficiary"], name="referral_antenna_benef"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="referral_refusal_has_reason",
                violation_error_message=_("Un refus doit être motivé."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | (~Q(cancel_reason="") & Q(cancelled_at__isnull=False)),
                name="referral_cancel_has_reason",
                violation_error_message=_("Un retrait doit être motivé."),
            ),
            # A prescription comes from a structure; a direct arrival from the antenna itself.
            models.CheckConstraint(
                condition=Q(origin="prescribed", structure__isnull=False)
                | Q(origin="direct", structure__isnull=True),
                name="referral_origin_structure",
                violation_error_message=_("Une prescription vient d'une structure partenaire."),
            ),
        ]

    def __str__(self):
        return f"{self.beneficiary_id} ← {self.structure_id} ({self.get_status_display()})"

    @property
    def services_requested_labels(self) -> list[str]:
        return [str(ServiceKind(v).label) for v in self.services_requested]

    @property
    def source_label(self) -> str:
        return str(self.structure) if self.structure_id else str(self.Origin.DIRECT.label)


class EnrolmentQuerySet(TenantQuerySet):
    def returns(self):
        """Periods that are a return after an exit: what the figures count as returns."""
        return self.filter(number__gt=1)


class Enrolment(models.Model):
    """One period of follow-up: from the accepted referral that opened it to the person's exit.
    A person referred again after an exit gets a new period (number 2, 3…): the history keeps
    both, and the figures count a return once (`number > 1`)."""

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("bénéficiaire"),
    )
    number = models.PositiveSmallIntegerField(_("numéro de la période"))
    referral = models.ForeignKey(
        Referral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("orientation d'entrée"),
    )
    started_on = models.DateField(_("entrée le"))
    ended_on = models.DateField(_("sortie le"), null=True, blank=True)
    exit_outcome = models.CharField(
        _("motif de sortie"), max_length=20, choices=Outcome.choices, blank=True
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("période d'accompagnement")
        verbose_name_plural = _("périodes d'accompagnement")
        ordering = ["beneficiary", "number"]
        indexes = [
            models.Index(fields=["antenna", "started_on"], name="enrolment_antenna_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "number"], name="enrolment_unique_number"
            ),
            # One open period at a time: a return is counted once, even under concurrency.
            models.UniqueConstraint(
                fields=["beneficiary"],
                condition=Q(ended_on__isnull=True),
                name="enrolment_one_open",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="enrolment_end_after_start",
                violation_error_message=_("La date de sortie précède la date d'entrée."),
            ),
        ]

    def __str__(self):
        return f"{self.beneficiary_id} #{self.number} {self.started_on}–{self.ended_on or ''}"

    @property
    def is_return(self) -> bool:
        return self.number > 1


class Diagnostic(models.Model):
    class HighwayCode(models.TextChoices):
        PASSED = "passed", _("obtenu")
        IN_PROGRESS = "in_progress", _("en cours")
        NO = "no", _("non")

    class Level(models.TextChoices):
        AUTONOMOUS = "autonomous", _("autonome")
        PARTIAL = "partial", _("avec difficulté")
        NONE = "none", _("pas du tout")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.CASCADE,
        related_name="diagnostics",
        verbose_name=_("bénéficiaire"),
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("auteur·e")
    )
    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("structure de l'auteur·e"),
    )
    made_on = models.DateField(_("date du diagnostic"), default=timezone.localdate)
    licence = models.CharField(_("permis et véhicule"), max_length=20, choices=Licence.choices)
    highway_code = models.CharField(
        _("code de la route"), max_length=12, choices=HighwayCode.choices
    )
    bike = models.CharField(_("pratique du vélo"), max_length=12, choices=Level.choices)
    public_transport = models.CharField(
        _("transports en commun"), max_length=12, choices=Level.choices
    )
    map_reading = models.CharField(
        _("lecture de carte ou d'horaires"), max_length=12, choices=Level.choices
    )
    digital_skills = models.CharField(
        _("compétences numériques"), max_length=12, choices=Level.choices
    )
    health_constraints = models.TextField(_("contraintes de santé"), blank=True)
    distance_km = models.DecimalField(
        _("distance à parcourir (km)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    destinations = models.TextField(_("destinations"), blank=True)
    # The reference of the emissions avoided: the services propose it, staff confirm it.
    current_mode = models.CharField(
        _("mode de déplacement actuel"), max_length=16, choices=Mode.choices, blank=True
    )
    reference_mode = models.CharField(
        _("mode sans le service"),
        max_length=16,
        choices=Mode.choices,
        blank=True,
        help_text=_("Comment la personne se déplacerait-elle sans le service ?"),
    )
    recommended_services = ArrayField(
        models.CharField(max_length=20, choices=ServiceKind.choices),
        verbose_name=_("services préconisés"),
        default=list,
        blank=True,
    )
    comments = models.TextField(_("observations"), blank=True)
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("saisi le")
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("diagnostic mobilité")
        verbose_name_plural = _("diagnostics mobilité")
        ordering = ["-made_on", "-pk"]
        indexes = [
            models.Index(fields=["antenna", "beneficiary", "-made_on"], name="diag_antenna_benef")
        ]

    def __str__(self):
        return f"{self.beneficiary_id} · {self.made_on}"

    @property
    def recommended_services_labels(self) -> list[str]:
        return [str(ServiceKind(v).label) for v in self.recommended_services]


class NoteQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        qs = super().visible_to(membership)
        if membership is None or membership.antenna_id is None:
            return qs
        # A confidential note stays within its author's structure (or the antenna team).
        return qs.filter(
            Q(confidential=False) | Q(author_structure_id=membership.structure_id)
            if membership.structure_id
            else Q(confidential=False) | Q(author_structure__isnull=True)
        )


class Note(models.Model):
    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="notes", verbose_name=_("bénéficiaire")
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("auteur·e")
    )
    author_structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("structure de l'auteur·e"),
    )
    text = models.TextField(_("note"))
    confidential = models.BooleanField(
        _("confidentielle"),
        default=False,
        help_text=_("Visible seulement par la structure de l'auteur·e."),
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("écrite le")
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note de suivi")
        verbose_name_plural = _("notes de suivi")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["antenna", "beneficiary", "-created_at"], name="note_antenna_benef"
            )
        ]

    def __str__(self):
        return f"{self.beneficiary_id} · {self.created_at:%Y-%m-%d}"


class AuditEvent(models.Model):
    """Who read or changed which record, when. No copy of the data; kept one year."""

    class Action(models.TextChoices):
        VIEW = "view", _("consultation")
        LIST = "list", _("consultation d'une liste")
        CREATE = "create", _("création")
        UPDATE = "update", _("modification")
        DELETE = "delete", _("suppression")
        EXPORT = "export", _("export")
        MERGE = "merge", _("fusion")
        ANONYMISE = "anonymise", _("anonymisation")

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=60)
    object_id = models.BigIntegerField()
    beneficiary_id = models.BigIntegerField(null=True, blank=True)
    # A list page read: the ids of the records shown (never their data), one event per page.
    object_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=False)

    class Meta:
        verbose_name = _("événement d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["antenna", "beneficiary_id", "-at"], name="audit_antenna_benef"),
            models.Index(fields=["antenna", "-at"], name="audit_antenna_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model} {self.object_id}"


class ImportMapping(models.Model):
    """How an antenna's spreadsheets of one kind (people, vehicles, drivers) name their columns
    (folded header → field), learnt from its last import and proposed for the next one."""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, default="beneficiaires")
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("correspondance d'import")
        verbose_name_plural = _("correspondances d'import")
        constraints = [
            models.UniqueConstraint(fields=["antenna", "kind"], name="importmapping_one_per_kind")
        ]

    def __str__(self):
        return f"{self.antenna} · {self.kind}"


class ImportJob(models.Model):
    """One spreadsheet on its way in: uploaded, checked (by a worker for a large file), then
    written in one transaction. Holds the progress shown on the page and the final report."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("envoyé")
        CHECKING = "checking", _("vérification en cours")
        CHECKED = "checked", _("vérifié")
        WRITING = "writing", _("enregistrement en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    token = models.CharField(max_length=32, unique=True)
    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    membership = models.ForeignKey(
        "antennas.Membership", on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    mapping = models.JSONField(default=dict)  # column index (as text) → field
    actions = models.JSONField(default=dict)  # line (as text) → create / update / skip
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=dict)  # the checked rows worth a look, for a large file
    report = models.JSONField(default=list)  # header then one line per row of the file
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("import de fichier")
        verbose_name_plural = _("imports de fichiers")
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="importjob_done")
        ]

    def __str__(self):
        return f"{self.file_name} · {self.get_status_display()}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.WRITING)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
