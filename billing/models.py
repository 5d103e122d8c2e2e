"""What people owe (charges), what they and third parties pay (payments, credit notes) and the
deposits held for rentals. Money is Decimal to the cent; PostgreSQL guards the invariants: a
receipt number is unique per antenna and year, a credit note cancels one payment once, a
deposit is held or returned, never both, and no deduction exceeds the deposit."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna, Structure, User
from beneficiaries.models import Beneficiary
from services.models import AntennaScopedQuerySet, Booking, Trip

MAX_AMOUNT = Decimal("99999.99")


class Method(models.TextChoices):
    CASH = "cash", _("espèces")
    CHEQUE = "cheque", _("chèque")
    CARD = "card", _("carte bancaire")
    TRANSFER = "transfer", _("virement")
    DEPOSIT = "deposit", _("retenue sur caution")


class ReceiptCounter(models.Model):
    """The last receipt number of an antenna in a year; its row is locked (SELECT … FOR UPDATE)
    in the transaction that numbers a payment, so numbers follow without gap or repeat."""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["antenna", "year"], name="receipt_counter_unique")
        ]

    def __str__(self):
        return f"{self.antenna_id} · {self.year} · {self.last}"


class Charge(models.Model):
    """Something a person owes: a rental (its stored solidarity price), the yearly membership,
    a TUS contribution or damage."""

    class Kind(models.TextChoices):
        RENTAL = "rental", _("location")
        MEMBERSHIP = "membership", _("cotisation annuelle")
        TUS = "tus", _("participation TUS")
        DAMAGE = "damage", _("dégâts")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        related_name="charges",
        verbose_name=_("bénéficiaire"),
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("montant (€)"), max_digits=7, decimal_places=2)
    label = models.CharField(_("libellé"), max_length=200)
    booking = models.ForeignKey(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    trip = models.ForeignKey(
        Trip, on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("somme due")
        verbose_name_plural = _("sommes dues")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["antenna", "beneficiary"], name="charge_antenna_benef")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=MAX_AMOUNT),
                name="charge_amount_positive",
                violation_error_message=_("Le montant doit être positif."),
            ),
            # A rental and a TUS trip are charged once; a membership once a year.
            models.UniqueConstraint(
                fields=["booking"], condition=Q(kind="rental"), name="charge_rental_once"
            ),
            models.UniqueConstraint(
                fields=["trip"], condition=Q(kind="tus"), name="charge_tus_once"
            ),
            models.UniqueConstraint(
                fields=["beneficiary", "year"],
                condition=Q(kind="membership"),
                name="charge_membership_once_a_year",
                violation_error_message=_("La cotisation de cette année est déjà due."),
            ),
        ]

    def __str__(self):
        return f"{self.label} · {self.amount} €"


class Payment(models.Model):
    """Money received for a person, by the person or a third party (the prescribing structure,
    the département, a CCAS). Never deleted: cancelling issues a credit note, a row of its own
    with a negative amount and the next number of the same series."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("reçu")
        CREDIT_NOTE = "credit_note", _("avoir")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("enregistré")
        CANCELLED = "cancelled", _("annulé")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("bénéficiaire"),
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PAYMENT)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.RECORDED
    )
    amount = models.DecimalField(_("montant (€)"), max_digits=7, decimal_places=2)
    method = models.CharField(_("moyen de paiement"), max_length=10, choices=Method.choices)
    paid_on = models.DateField(_("payé le"))
    received_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("reçu par")
    )
    payer = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tiers payeur"),
        help_text=_("Vide : la personne paie elle-même."),
    )
    reference = models.CharField(_("référence (n° de chèque, virement)"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    cancels = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_note"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(_("motif de l'annulation"), max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-year", "-number"]
        indexes = [
            models.Index(fields=["antenna", "beneficiary"], name="payment_antenna_benef"),
            models.Index(fields=["antenna", "paid_on"], name="payment_antenna_paid_on"),
            # The desk's latest payments, a keyset page at a time (billing/views.py).
            models.Index(fields=["antenna", "created_at", "id"], name="payment_antenna_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "year", "number"], name="payment_number_unique"
            ),
            models.CheckConstraint(
                condition=(Q(kind="payment", amount__gt=0, cancels__isnull=True))
                | Q(kind="credit_note", amount__lt=0, cancels__isnull=False, status="recorded"),
                name="payment_sign_by_kind",
                violation_error_message=_("Le montant doit être positif."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=-MAX_AMOUNT, amount__lte=MAX_AMOUNT),
                name="payment_amount_bounded",
                violation_error_message=_("Montant trop élevé."),
            ),
            models.CheckConstraint(
                condition=(Q(status="recorded", cancelled_at__isnull=True))
                | Q(status="cancelled", cancelled_at__isnull=False, cancelled_by__isnull=False)
                & ~Q(cancel_reason=""),
                name="payment_cancel_recorded",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} n° {self.display_number}"

    @property
    def display_number(self) -> str:
        return f"{self.year}-{self.number:05d}"


class Deposit(models.Model):
    """A deposit taken for a rental: held until it is returned (cheque or card imprint given
    back, possibly less a deduction for damage) or refunded (cash or transfer paid back)."""

    class Method(models.TextChoices):
        CASH = "cash", _("espèces")
        CHEQUE = "cheque", _("chèque non encaissé")
        CARD_IMPRINT = "card_imprint", _("empreinte de carte")
        TRANSFER = "transfer", _("virement")
        # Deposits noted on bookings before billing kept them: how they were taken is unknown.
        UNRECORDED = "unrecorded", _("forme non notée")

    class Status(models.TextChoices):
        HELD = "held", _("détenue")
        RETURNED = "returned", _("rendue")
        REFUNDED = "refunded", _("remboursée")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    booking = models.OneToOneField(
        Booking, on_delete=models.PROTECT, related_name="deposit", verbose_name=_("location")
    )
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="deposits")
    amount = models.DecimalField(_("montant (€)"), max_digits=7, decimal_places=2)
    method = models.CharField(_("forme"), max_length=12, choices=Method.choices)
    reference = models.CharField(
        _("référence (n° de chèque, banque, empreinte)"), max_length=60, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    taken_at = models.DateTimeField(_("prise le"), default=timezone.now)
    taken_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    deduction = models.DecimalField(
        _("retenue (€)"), max_digits=7, decimal_places=2, default=Decimal("0.00")
    )
    deduction_reason = models.CharField(_("motif de la retenue"), max_length=255, blank=True)
    damage = models.OneToOneField(
        Charge, on_delete=models.PROTECT, null=True, blank=True, related_name="deposit"
    )
    closed_at = models.DateTimeField(_("rendue le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("caution")
        verbose_name_plural = _("cautions")
        ordering = ["taken_at"]
        indexes = [models.Index(fields=["antenna", "status", "taken_at"], name="deposit_held")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=MAX_AMOUNT),
                name="deposit_amount_positive",
                violation_error_message=_("Le montant doit être positif."),
            ),
            models.CheckConstraint(
                condition=Q(deduction__gte=0, deduction__lte=F("amount")),
                name="deposit_deduction_within",
                violation_error_message=_("La retenue ne dépasse pas la caution."),
            ),
            # Held, or returned/refunded with who and when: never both.
            models.CheckConstraint(
                condition=Q(
                    status="held", closed_at__isnull=True, closed_by__isnull=True, deduction=0
                )
                | Q(
                    status__in=["returned", "refunded"],
                    closed_at__isnull=False,
                    closed_by__isnull=False,
                ),
                name="deposit_held_or_closed",
            ),
            models.CheckConstraint(
                condition=Q(deduction=0) | (~Q(deduction_reason="") & Q(damage__isnull=False)),
                name="deposit_deduction_has_damage",
                violation_error_message=_("Une retenue est motivée par des dégâts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} · {self.amount} €"

    @property
    def returned_amount(self) -> Decimal:
        return self.amount - self.deduction


class DocumentQuerySet(models.QuerySet):
    """Signed documents: the antenna team sees its antenna's; a social worker those of the
    people their structure referred (the prescriber's copy); nobody else anything."""

    def visible_to(self, membership):
        if membership is None or membership.antenna_id is None:
            return self.none()
        qs = self.filter(antenna_id=membership.antenna_id)
        if membership.structure_id is not None:
            qs = qs.filter(beneficiary__referring_structure_id=membership.structure_id)
        return qs


class RentalRules(models.Model):
    """The antenna's rental rules, versioned: a new text is a new version, and a contract
    records the version the person signed."""

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("règlement de location"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("règlement de location")
        verbose_name_plural = _("règlements de location")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["antenna", "version"], name="rental_rules_version")
        ]

    def __str__(self):
        return f"v{self.version}"


class Contract(models.Model):
    """A rental contract as signed: the PDF the person agreed to (its SHA-256 kept), the rules
    version, and the signed copy carrying the signatures."""

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="contract")
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="+")
    rules = models.ForeignKey(
        RentalRules, on_delete=models.PROTECT, related_name="contracts", null=True, blank=True
    )
    document_sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField(default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("contrat de location")
        verbose_name_plural = _("contrats de location")
        indexes = [models.Index(fields=["antenna", "beneficiary"], name="contract_antenna_benef")]

    def __str__(self):
        return f"{_('Contrat')} {self.booking_id}"


class Signature(models.Model):
    """Who signed, when, how (drawn on the screen or typed name and ticked box), and the
    checksum of the document signed."""

    class Role(models.TextChoices):
        PERSON = "person", _("la personne")
        STAFF = "staff", _("l'antenne")

    class Method(models.TextChoices):
        DRAWN = "drawn", _("signature tracée")
        TYPED = "typed", _("nom saisi et case cochée")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(max_length=8, choices=Role.choices)
    method = models.CharField(max_length=6, choices=Method.choices)
    name = models.CharField(_("nom du signataire"), max_length=200)
    image = models.CharField(max_length=255, blank=True)
    document_sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract", "role"], name="signature_once_per_role"),
            models.CheckConstraint(
                condition=Q(method="typed") | ~Q(image=""), name="signature_drawn_has_image"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} · {self.name}"


class ConditionReport(models.Model):
    """The state of a rented vehicle at check-out or check-in: a checklist for its kind,
    remarks and photos, signed by the person and the staff member."""

    class Moment(models.TextChoices):
        CHECKOUT = "checkout", _("au départ")
        CHECKIN = "checkin", _("au retour")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="condition_reports")
    moment = models.CharField(max_length=8, choices=Moment.choices)
    checklist = models.JSONField(default=dict)
    remarks = models.TextField(_("remarques"), blank=True)
    signed_name = models.CharField(_("nom de la personne qui signe"), max_length=200)
    signature_method = models.CharField(max_length=6, choices=Signature.Method.choices)
    signature_image = models.CharField(max_length=255, blank=True)
    staff = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("état des lieux")
        verbose_name_plural = _("états des lieux")
        constraints = [
            models.UniqueConstraint(fields=["booking", "moment"], name="condition_once_per_moment")
        ]

    def __str__(self):
        return f"{self.booking_id} · {self.get_moment_display()}"


class ConditionPhoto(models.Model):
    """A photo of a condition report, resized and stripped of EXIF (GPS included), kept in
    private storage and served only to the antenna team."""

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(ConditionReport, on_delete=models.CASCADE, related_name="photos")
    path = models.CharField(max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    objects = AntennaScopedQuerySet.as_manager()

    def __str__(self):
        return self.path


class Incident(models.Model):
    """Something that happened to a vehicle: an accident, a breakdown, damage or a fine. Its
    date and time find the booking, hence the driver, of that moment; putting the vehicle out
    of service books a maintenance slot, which the exclusion constraint sets against rentals."""

    class Kind(models.TextChoices):
        ACCIDENT = "accident", _("accident")
        BREAKDOWN = "breakdown", _("panne")
        DAMAGE = "damage", _("dégât")
        FINE = "fine", _("amende")

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    vehicle = models.ForeignKey(
        "services.Vehicle", on_delete=models.PROTECT, related_name="incidents"
    )
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("date et heure"))
    description = models.TextField(_("description"))
    booking = models.ForeignKey(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    driver = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    maintenance = models.OneToOneField(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="incident_cause"
    )
    reported_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["antenna", "-occurred_at"], name="incident_antenna_at")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.vehicle_id}"


class AttendanceSignature(models.Model):
    """A participant's signature of a workshop's attendance, on the phone (drawn, or typed
    name and ticked box): the electronic line of the émargement sheet."""

    antenna = models.ForeignKey(Antenna, on_delete=models.PROTECT, related_name="+")
    registration = models.OneToOneField(
        "services.Registration", on_delete=models.PROTECT, related_name="signature"
    )
    name = models.CharField(_("nom du signataire"), max_length=200)
    method = models.CharField(max_length=6, choices=Signature.Method.choices)
    image = models.CharField(max_length=255, blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    objects = AntennaScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(method="typed") | ~Q(image=""), name="attendance_drawn_has_image"
            )
        ]

    def __str__(self):
        return f"{self.registration_id} · {self.name}"
