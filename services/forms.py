"""Forms of the service pages. Each form only offers the antenna's own people and things."""

from datetime import time, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Commune
from antennas.picker import CommunesFormMixin
from beneficiaries.models import Beneficiary, Diagnostic
from services.catalogue import Mode
from services.models import (
    Booking,
    Driver,
    PriceRule,
    ProfessionalEvent,
    Recurrence,
    Registration,
    Ride,
    RideRequest,
    ServiceSettings,
    Session,
    Vehicle,
)
from services.picker import PeopleFormMixin

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]


def person_field(label=None):
    """Filled with the antenna's people by PeopleFormMixin."""
    return forms.ModelChoiceField(
        label=label or _("Bénéficiaire"), queryset=Beneficiary.objects.none()
    )


def reference_mode_field():
    """Asked, never assumed: no default; "Inconnu" is a choice (counted in km, not in CO2)."""
    return forms.ChoiceField(
        label=_("Sans ce service, la personne se serait déplacée en"),
        choices=[("", _("— à demander à la personne —")), *Mode.choices],
        error_messages={
            "required": _(
                "Demandez à la personne comment elle se serait déplacée "
                "(« Inconnu » si elle ne sait pas)."
            )
        },
    )


class ReferenceModeMixin:
    """Proposes the person's latest diagnostic answer as the reference mode, once the person is
    known (chosen in the picker, or given in the link); the choice stays the staff's."""

    reference_person_field = "beneficiary"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.picking:
            return
        name = self.reference_person_field
        field = self.fields[name]
        pk = field.widget.value_from_datadict(self.data, None, name) or self.initial.get(name)
        if not str(pk or "").isdecimal():
            return
        mode = (
            Diagnostic.objects.filter(beneficiary__in=field.queryset.filter(pk=pk))
            .exclude(reference_mode="")
            .values_list("reference_mode", flat=True)
            .first()
        )
        if mode and self.is_bound:
            self.data = self.data.copy()
            self.data["reference_mode"] = mode
        elif mode:
            self.fields["reference_mode"].initial = mode


def next_hour():
    now = timezone.localtime()
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


class PeriodMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("La fin doit suivre le début."))
        return data


class VehicleForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        fields = [
            "kind",
            "name",
            "identifier",
            "seats",
            "energy",
            "status",
            "odometer_km",
            "is_lent",
        ]


class AvailabilityForm(PeriodMixin, forms.Form):
    start = forms.DateTimeField(label=_("Du"), widget=DATETIME)
    end = forms.DateTimeField(label=_("Au"), widget=DATETIME)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("tous"))] + Vehicle.Kind.choices, required=False
    )


class BookingForm(ReferenceModeMixin, PeopleFormMixin, PeriodMixin, forms.Form):
    beneficiary = person_field()
    vehicle = forms.ModelChoiceField(label=_("Véhicule"), queryset=Vehicle.objects.none())
    start = forms.DateTimeField(label=_("Début"), widget=DATETIME)
    end = forms.DateTimeField(label=_("Fin"), widget=DATETIME)
    purpose = forms.ChoiceField(label=_("Motif"), choices=Booking.Purpose.choices)
    reference_mode = reference_mode_field()
    notes = forms.CharField(
        label=_("Remarques"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, membership=membership, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.visible_to(membership).exclude(
            status=Vehicle.Status.RETIRED
        )


class RecurringBookingForm(ReferenceModeMixin, PeopleFormMixin, forms.Form):
    beneficiary = person_field()
    vehicle = forms.ModelChoiceField(label=_("Véhicule"), queryset=Vehicle.objects.none())
    first_day = forms.DateField(label=_("Premier jour"), widget=DATE)
    until = forms.DateField(label=_("Dernier jour"), widget=DATE)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Jours"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3, 4],
    )
    start_time = forms.TimeField(label=_("De"), widget=TIME, initial=time(8, 0))
    end_time = forms.TimeField(label=_("À"), widget=TIME, initial=time(18, 0))
    purpose = forms.ChoiceField(label=_("Motif"), choices=Booking.Purpose.choices)
    reference_mode = reference_mode_field()

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, membership=membership, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.visible_to(membership).filter(
            status=Vehicle.Status.IN_SERVICE
        )

    def clean_weekdays(self):
        return set(self.cleaned_data["weekdays"])

    def clean(self):
        data = super().clean()
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("L'heure de fin doit suivre l'heure de début."))
        return data


class VehicleStateForm(forms.Form):
    """What is noted when a vehicle goes out or comes back (`at` declared by each)."""

    field_order = ["at", "odometer", "level"]
    odometer = forms.IntegerField(label=_("Compteur (km)"), min_value=0)
    level = forms.IntegerField(
        label=_("Batterie ou carburant (%)"), min_value=0, max_value=100, required=False
    )


class MaintenanceForm(PeriodMixin, forms.Form):
    start = forms.DateTimeField(label=_("Début"), widget=DATETIME)
    end = forms.DateTimeField(label=_("Fin"), widget=DATETIME)
    notes = forms.CharField(label=_("Travaux prévus"), required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ServiceSettings
        fields = [
            "require_ebike_training",
            "require_licence_for_car",
            "require_accepted_referral",
            "carpool_rate_per_km",
            "tus_road_factor",
            "tus_rate_per_km",
            "membership_fee",
        ]


class PriceRuleForm(forms.ModelForm):
    class Meta:
        model = PriceRule
        fields = ["vehicle_kind", "unit", "price", "reduced_price", "deposit"]

    def clean(self):
        data = super().clean()
        if (
            data.get("price") is not None
            and data.get("reduced_price") is not None
            and data["reduced_price"] > data["price"]
        ):
            self.add_error("reduced_price", _("Le prix réduit ne dépasse pas le prix normal."))
        return data


class RideForm(CommunesFormMixin, PeopleFormMixin, forms.ModelForm):
    people_fields = ("driver_beneficiary",)
    commune_fields = ("origin", "destination")

    until = forms.DateField(
        label=_("Répéter jusqu'au"),
        required=False,
        widget=DATE,
        help_text=_("Pour une offre répétée ; trois mois au plus."),
    )

    class Meta:
        model = Ride
        fields = [
            "driver_kind",
            "driver_beneficiary",
            "driver_name",
            "company",
            "origin",
            "destination",
            "departure",
            "seats",
            "recurrence",
        ]
        widgets = {"departure": DATETIME}

    def clean(self):
        data = super().clean()
        kind = data.get("driver_kind")
        if kind == Ride.DriverKind.BENEFICIARY and not data.get("driver_beneficiary"):
            self.add_error("driver_beneficiary", _("Choisissez le ou la bénéficiaire qui conduit."))
        if kind and kind != Ride.DriverKind.BENEFICIARY and not data.get("driver_name"):
            self.add_error("driver_name", _("Indiquez qui conduit."))
        if kind == Ride.DriverKind.EMPLOYEE and not data.get("company"):
            self.add_error("company", _("Indiquez l'entreprise partenaire."))
        if data.get("origin") and data.get("origin") == data.get("destination"):
            self.add_error("destination", _("L'arrivée doit différer du départ."))
        recurrence, until, departure = (
            data.get("recurrence"),
            data.get("until"),
            data.get("departure"),
        )
        if recurrence and recurrence != Recurrence.ONCE:
            if not until:
                self.add_error("until", _("Indiquez jusqu'à quand répéter l'offre."))
            elif departure and not (
                departure.date() <= until <= departure.date() + timedelta(days=92)
            ):
                self.add_error("until", _("Entre le premier départ et trois mois après."))
        return data


class RideRequestForm(ReferenceModeMixin, CommunesFormMixin, PeopleFormMixin, forms.ModelForm):
    commune_fields = ("origin", "destination")
    reference_mode = reference_mode_field()

    class Meta:
        model = RideRequest
        fields = [
            "beneficiary",
            "origin",
            "destination",
            "wanted_at",
            "window_minutes",
            "reference_mode",
        ]
        widgets = {"wanted_at": DATETIME}


class SeatForm(ReferenceModeMixin, PeopleFormMixin, forms.Form):
    beneficiary = person_field(_("Passager·ère"))
    reference_mode = reference_mode_field()


class TusMemberForm(PeopleFormMixin, forms.Form):
    beneficiary = person_field()
    year = forms.IntegerField(label=_("Année"), min_value=2020, max_value=2100)
    fee = forms.DecimalField(
        label=_("Cotisation (€)"),
        min_value=0,
        decimal_places=2,
        required=False,
        help_text=_("Vide : la cotisation de l'antenne."),
    )


class DriverForm(forms.ModelForm):
    class Meta:
        model = Driver
        fields = ["first_name", "last_name", "phone", "is_volunteer", "is_active"]


class TripRequestForm(
    ReferenceModeMixin, CommunesFormMixin, PeopleFormMixin, PeriodMixin, forms.Form
):
    commune_fields = ("pickup", "dropoff")
    beneficiary = person_field()
    pickup = forms.ModelChoiceField(label=_("Départ"), queryset=Commune.objects.none())
    dropoff = forms.ModelChoiceField(label=_("Arrivée"), queryset=Commune.objects.none())
    start = forms.DateTimeField(label=_("Prise en charge"), widget=DATETIME)
    end = forms.DateTimeField(label=_("Retour prévu"), widget=DATETIME)
    purpose = forms.ChoiceField(label=_("Motif"), choices=Booking.Purpose.choices)
    contribution = forms.DecimalField(
        label=_("Participation (€)"),
        min_value=0,
        decimal_places=2,
        required=False,
        help_text=_("Vide : calculée au tarif de l'antenne (0,32 € par km au plus)."),
    )
    reference_mode = reference_mode_field()
    membership_paid_today = forms.BooleanField(
        label=_("Adhésion réglée aujourd'hui"),
        required=False,
        help_text=_("Si la personne n'est pas encore adhérente au TUS cette année."),
    )


class RefuseTripForm(forms.Form):
    reason = forms.CharField(label=_("Motif du refus"), max_length=255)


class CorrectTripForm(forms.Form):
    km = forms.DecimalField(
        label=_("Km réels"),
        min_value=Decimal("0.1"),
        max_value=100,
        decimal_places=1,
        localize=True,
    )
    reason = forms.CharField(label=_("Motif de la correction"), max_length=255, required=False)


class AcceptTripForm(forms.Form):
    driver = forms.ModelChoiceField(label=_("Conducteur·rice"), queryset=Driver.objects.none())
    vehicle = forms.ModelChoiceField(
        label=_("Véhicule de l'antenne"), queryset=Vehicle.objects.none(), required=False
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["driver"].queryset = Driver.objects.visible_to(membership).filter(
            is_active=True
        )
        self.fields["vehicle"].queryset = (
            Vehicle.objects.visible_to(membership)
            .filter(status=Vehicle.Status.IN_SERVICE)
            .exclude(kind__in=[Vehicle.Kind.EBIKE, Vehicle.Kind.SCOOTER])
        )


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["kind", "title", "starts_at", "duration_minutes", "place", "capacity"]
        widgets = {"starts_at": DATETIME}


class RegistrationForm(PeopleFormMixin, forms.Form):
    beneficiary = person_field()


ATTENDANCE_CHOICES = Registration.Attendance.choices


class ProfessionalEventForm(forms.ModelForm):
    epci_sirens = forms.MultipleChoiceField(
        label=_("EPCI impliqués"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ProfessionalEvent
        fields = [
            "kind",
            "title",
            "held_on",
            "structures",
            "epci_sirens",
            "professionals",
            "elected",
            "public",
            "notes",
        ]
        widgets = {"held_on": DATE, "structures": forms.CheckboxSelectMultiple}

    def __init__(self, *args, antenna, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structures"].queryset = antenna.structures.order_by("name")
        self.fields["epci_sirens"].choices = list(
            Commune.objects.of_territory_file()
            .order_by("epci_name")
            .values_list("epci_siren", "epci_name")
            .distinct()
        )
