"""Forms of the billing pages; amounts are Decimal fields bounded so nothing overflows, dates
are kept within a plausible range."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from antennas.models import Structure
from billing.models import MAX_AMOUNT, Deposit, Method
from billing.money import euros
from services.forms import DATETIME, VehicleStateForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label, *, minimum=Decimal("0.01"), too_small=None, **options):
    too_large = format_lazy(_("Montant trop élevé : {} au plus."), euros(MAX_AMOUNT))
    return forms.DecimalField(
        label=label,
        max_digits=7,
        decimal_places=2,
        min_value=minimum,
        max_value=MAX_AMOUNT,
        localize=True,  # "12,50" as French people type it
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "min_value": too_small or _("Le montant doit être positif."),
            "max_value": too_large,
            "max_digits": too_large,
            "max_whole_digits": too_large,
        },
        **options,
    )


class PaymentForm(forms.Form):
    amount = money_field(_("Montant (€)"))
    method = forms.ChoiceField(
        label=_("Moyen de paiement"),
        choices=[c for c in Method.choices if c[0] != Method.DEPOSIT],
    )
    paid_on = forms.DateField(label=_("Payé le"), widget=DATE)
    payer = forms.ModelChoiceField(
        label=_("Tiers payeur"),
        queryset=Structure.objects.none(),
        required=False,
        empty_label=_("La personne elle-même"),
        help_text=_(
            "La structure prescriptrice, le département, un CCAS… qui paie tout ou partie."
        ),
    )
    reference = forms.CharField(label=_("Référence (n° de chèque, virement)"), required=False)
    advance = forms.BooleanField(label=_("C'est une avance (plus que le reste dû)"), required=False)

    def __init__(self, *args, antenna, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = Structure.objects.filter(antennas=antenna).order_by("name")
        self.fields["paid_on"].initial = timezone.localdate()

    def clean_paid_on(self):
        value = self.cleaned_data["paid_on"]
        if not date(2000, 1, 1) <= value <= timezone.localdate():
            raise forms.ValidationError(_("La date est dans le futur ou trop ancienne."))
        return value


class CancelPaymentForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'annulation"), max_length=255)


class DamageForm(forms.Form):
    amount = money_field(_("Montant des dégâts (€)"))
    reason = forms.CharField(label=_("Dégâts constatés"), max_length=180)


class CheckOutForm(VehicleStateForm):
    """The vehicle handed over, and the deposit taken for it (billing.handover)."""

    at = forms.DateTimeField(label=_("Sortie le"), widget=DATETIME)
    condition = forms.CharField(
        label=_("État au départ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deposit_amount = money_field(
        _("Caution (€)"),
        required=False,
        help_text=_("Laissez vide si la location est sans caution."),
    )
    deposit_method = forms.ChoiceField(
        label=_("Forme de la caution"),
        choices=[c for c in Deposit.Method.choices if c[0] != Deposit.Method.UNRECORDED],
    )
    deposit_reference = forms.CharField(
        label=_("Référence (n° de chèque, banque, empreinte)"), required=False, max_length=60
    )


class CheckInForm(VehicleStateForm):
    """The vehicle back, the deposit given back (less a deduction for the damage the check-in
    condition report shows) and the rental charged (billing.handover)."""

    at = forms.DateTimeField(label=_("Rendue le"), widget=DATETIME)
    condition = forms.CharField(
        label=_("État et dégâts au retour"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deduction = money_field(
        _("Retenue sur la caution pour dégâts (€)"),
        minimum=Decimal("0.00"),
        too_small=_("La retenue ne peut être négative."),
        required=False,
        help_text=_("Vide ou 0 : la caution est rendue en entier."),
    )
    deduction_reason = forms.CharField(
        label=_("Dégâts constatés au retour"),
        required=False,
        max_length=180,
        help_text=_("Repris de l'état des lieux au retour ; obligatoire s'il y a une retenue."),
    )


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Mois"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(_("Choisissez un mois entre 2000 et 2100."))
        return value


class SignatureForm(forms.Form):
    person_name = forms.CharField(label=_("Nom de la personne qui signe"), max_length=200)
    drawing = forms.CharField(required=False, widget=forms.HiddenInput)
    typed_consent = forms.BooleanField(
        label=_(
            "Je ne peux pas tracer ma signature : en cochant cette case, je signe ce contrat "
            "sous le nom saisi ci-dessus, après l'avoir lu."
        ),
        required=False,
    )


class RulesForm(forms.Form):
    text = forms.CharField(
        label=_("Règlement de location"), widget=forms.Textarea(attrs={"rows": 14})
    )


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleImageInput(attrs={"accept": "image/*", "capture": "environment"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(one, initial) for one in files]


class ConditionForm(SignatureForm):
    remarks = forms.CharField(
        label=_("Remarques (rayures, bosses déjà présentes…)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Avec l'appareil photo du téléphone ; 15 Mo au plus par photo."),
    )

    field_order = ["remarks", "photos", "person_name", "drawing", "typed_consent"]

    def __init__(self, *args, checklist, **kwargs):
        from billing.condition import STATES

        super().__init__(*args, **kwargs)
        self.items = []
        for key, label in checklist:
            name = f"item_{key}"
            self.fields[name] = forms.ChoiceField(
                label=label, choices=STATES, initial="ok", widget=forms.RadioSelect
            )
            self.items.append(name)
        self.order_fields([*self.items, *self.field_order])

    def checklist(self) -> dict:
        return {name.removeprefix("item_"): self.cleaned_data[name] for name in self.items}


class IncidentForm(forms.Form):
    vehicle = forms.ModelChoiceField(label=_("Véhicule"), queryset=None)
    kind = forms.ChoiceField(label=_("Nature"))
    occurred_at = forms.DateTimeField(
        label=_("Date et heure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    out_of_service_until = forms.DateTimeField(
        label=_("Hors service jusqu'au"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Laissez vide si le véhicule peut encore rouler."),
    )

    def __init__(self, *args, membership, **kwargs):
        from billing.models import Incident
        from services.models import Vehicle

        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.visible_to(membership)
        self.fields["kind"].choices = Incident.Kind.choices

    def clean(self):
        data = super().clean()
        for name in ("occurred_at", "out_of_service_until"):
            value = data.get(name)
            if value is not None and not 2000 <= value.year <= 2100:
                self.add_error(name, _("Choisissez une date entre 2000 et 2100."))
        return data
