from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import Commune
from antennas.phones import french_phone
from beneficiaries import lifecycles
from beneficiaries.models import Beneficiary, Diagnostic, Goal, Outcome, Referral
from mobilex.widgets import LongSelect
from services.catalogue import ServiceKind


class DateInput(forms.DateInput):
    """The browser's date picker shows the user's own format (jj/mm/aaaa in French) and sends
    aaaa-mm-jj; where it has none, a text box with the French format as placeholder."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", attrs={"placeholder": _("jj/mm/aaaa")}, **kwargs)


class FrenchDateField(forms.DateField):
    """Accepts what the date picker sends and a French date typed by hand, whatever the language
    of the interface (in English, Django would read 03/04/2026 as March 4th)."""

    widget = DateInput
    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"]
    default_error_messages = {
        "invalid": _("Date attendue au format jj/mm/aaaa, par exemple 14/07/1990."),
    }


FUTURE_DATE = _("Cette date ne peut pas être dans le futur.")


def not_future(value, message=FUTURE_DATE):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


def not_negative(value, message):
    if value is not None and value < 0:
        raise forms.ValidationError(message)
    return value


def communes_for(antenna):
    """The communes of the antenna's territory (those of the territory file if it lists none)."""
    qs = Commune.objects.filter(territories=antenna.territory_id)
    if not qs.exists():
        qs = Commune.objects.of_territory_file()
    return qs.order_by("name")


def field_names(fieldsets):
    return [name for _legend, names, _warning in fieldsets for name in names]


PERSON_FIELDSETS = (
    (_("Identité"), ("last_name", "first_name", "birth_date", "gender"), ""),
    (_("Contact et domicile"), ("phone", "email", "commune", "address"), ""),
    (_("Situation et ressources"), ("situation", "resources_yearly", "has_c2s"), ""),
    (
        _("Handicap"),
        ("disability_recognition", "disability_reason"),
        _("Donnée sensible : visible seulement par votre structure et la responsable d'antenne."),
    ),
    (_("Mobilité"), ("licence", "can_ride_bike", "transport_autonomy", "goals"), ""),
    (
        _("Données personnelles"),
        ("privacy_notice_on", "consent_note", "contact_channel", "contact_informed_on"),
        "",
    ),
)


DIAGNOSTIC_FIELDSETS = (
    (_("Diagnostic"), ("made_on",), ""),
    (
        _("Autonomie"),
        (
            "licence",
            "highway_code",
            "bike",
            "public_transport",
            "map_reading",
            "digital_skills",
        ),
        "",
    ),
    (
        _("Déplacements"),
        ("current_mode", "reference_mode"),
        "",
    ),
    (
        _("Besoins"),
        (
            "health_constraints",
            "distance_km",
            "destinations",
            "recommended_services",
            "comments",
        ),
        "",
    ),
)


class Fieldsets:
    """`FIELDSETS`: (legend, field names, warning) in page order, rendered by _fieldsets.html.
    Fields the form dropped are left out, and so is a fieldset left empty."""

    FIELDSETS = ()

    def fieldsets(self):
        for legend, names, warning in self.FIELDSETS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield legend, fields, warning


class BeneficiaryForm(Fieldsets, forms.ModelForm):
    FIELDSETS = PERSON_FIELDSETS

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("J'ai vérifié : il s'agit bien d'une autre personne, enregistrer quand même."),
        required=False,
    )

    class Meta:
        model = Beneficiary
        fields = field_names(PERSON_FIELDSETS)
        localized_fields = ["resources_yearly"]
        field_classes = {
            "birth_date": FrenchDateField,
            "privacy_notice_on": FrenchDateField,
            "contact_informed_on": FrenchDateField,
        }
        widgets = {
            "commune": LongSelect,
            "can_ride_bike": forms.NullBooleanSelect(),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "resources_yearly": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        help_texts = {
            "phone": _("Facultatif. Exemple : 06 12 34 56 78."),
            "email": _("Facultatif."),
            "resources_yearly": _(
                "Pour l'éligibilité au TUS et les tarifs solidaires (plafond C2S : 10 339 € par "
                "an pour une personne)."
            ),
            "privacy_notice_on": _("Date à laquelle la notice d'information a été remise."),
            "disability_reason": _(
                "Donnée sensible : indiquez pourquoi elle est nécessaire à l'accompagnement."
            ),
        }

    goals = forms.MultipleChoiceField(
        label=_("Objectifs"),
        choices=Goal.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, antenna, show_disability, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_for(antenna)
        self.fields["commune"].error_messages["invalid_choice"] = _(
            "Cette commune n'existe pas dans le territoire de l'antenne."
        )
        if not show_disability:
            del self.fields["disability_recognition"]
            del self.fields["disability_reason"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.duplicates = []

    def clean_birth_date(self):
        value = not_future(
            self.cleaned_data["birth_date"],
            _("La date de naissance ne peut pas être dans le futur."),
        )
        if value < date(1900, 1, 1):
            raise forms.ValidationError(_("Vérifiez l'année de naissance."))
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return french_phone(value) if value else ""

    def clean_privacy_notice_on(self):
        return not_future(self.cleaned_data["privacy_notice_on"])

    def clean_contact_informed_on(self):
        return not_future(self.cleaned_data["contact_informed_on"])

    def clean_resources_yearly(self):
        return not_negative(
            self.cleaned_data["resources_yearly"],
            _("Les ressources ne peuvent pas être négatives."),
        )

    def clean(self):
        data = super().clean()
        if "disability_recognition" in self.fields:
            if data.get("disability_recognition") and not data.get("disability_reason", "").strip():
                self.add_error(
                    "disability_reason",
                    _("Une donnée sensible ne s'enregistre qu'avec un motif."),
                )
            if not data.get("disability_recognition"):
                data["disability_reason"] = ""
        if data.get("contact_channel") == "sms" and not data.get("phone"):
            self.add_error("phone", _("Les rappels par SMS demandent un numéro de portable."))
        if data.get("contact_channel") == "email" and not data.get("email"):
            self.add_error("email", _("Les rappels par e-mail demandent une adresse."))
        return data

    def record_data(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "confirm_duplicate")
        }


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Statut"), choices=Beneficiary.Status.choices)
    entry_date = FrenchDateField(label=_("Date d'entrée"), required=False)
    exit_date = FrenchDateField(label=_("Date de sortie"), required=False)
    exit_outcome = forms.ChoiceField(
        label=_("Motif de sortie"), choices=[("", "—"), *Outcome.choices], required=False
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the person's lifecycle allows from where they are (or a date correction).
        reachable = lifecycles.targets(lifecycles.PERSON, current)
        self.fields["status"].choices = [
            (value, label) for value, label in Beneficiary.Status.choices if value in reachable
        ]

    def clean(self):
        data = super().clean()
        status = data.get("status")
        entry, exit_ = data.get("entry_date"), data.get("exit_date")
        today = timezone.localdate()
        if status in (Beneficiary.Status.ACTIVE, Beneficiary.Status.EXITED) and not entry:
            self.add_error("entry_date", _("Indiquez la date d'entrée dans l'accompagnement."))
        if entry and entry > today:
            self.add_error("entry_date", FUTURE_DATE)
        if status == Beneficiary.Status.EXITED:
            if not exit_:
                self.add_error("exit_date", _("Indiquez la date de sortie."))
            elif entry and exit_ < entry:
                self.add_error("exit_date", _("La date de sortie précède la date d'entrée."))
            elif exit_ > today:
                self.add_error("exit_date", FUTURE_DATE)
            if not data.get("exit_outcome"):
                self.add_error("exit_outcome", _("Indiquez le motif de sortie."))
        return data


class DiagnosticForm(Fieldsets, forms.ModelForm):
    FIELDSETS = DIAGNOSTIC_FIELDSETS

    recommended_services = forms.MultipleChoiceField(
        label=_("Services préconisés"),
        choices=ServiceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Diagnostic
        fields = field_names(DIAGNOSTIC_FIELDSETS)
        localized_fields = ["distance_km"]
        field_classes = {"made_on": FrenchDateField}
        widgets = {
            "health_constraints": forms.Textarea(attrs={"rows": 2}),
            "destinations": forms.Textarea(attrs={"rows": 2}),
            "comments": forms.Textarea(attrs={"rows": 3}),
            "distance_km": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        help_texts = {
            "destinations": _("Lieux à rejoindre : employeur, formation, soins…"),
            "distance_km": _("Distance du domicile au lieu principal à rejoindre."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked, never assumed: a choice is required ("Inconnu" included), none is preselected.
        self.fields["reference_mode"].required = True
        self.fields["reference_mode"].help_text = _(
            "Comment la personne se déplacerait-elle sans le service ? Sert au calcul des "
            "émissions évitées ; « Inconnu » si elle ne le sait pas."
        )
        self.fields["reference_mode"].error_messages["required"] = _(
            "Indiquez comment la personne se déplacerait sans le service (ou « Inconnu »)."
        )

    def clean_made_on(self):
        return not_future(
            self.cleaned_data["made_on"], _("Le diagnostic ne peut pas être daté du futur.")
        )

    def clean_distance_km(self):
        return not_negative(
            self.cleaned_data["distance_km"], _("La distance ne peut pas être négative.")
        )


class ReferralForm(forms.Form):
    services_requested = forms.MultipleChoiceField(
        label=_("Services demandés"),
        choices=ServiceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un service.")},
    )
    reason = forms.CharField(
        label=_("Motif de l'orientation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que la personne doit pouvoir faire : rejoindre un emploi, une formation…"),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du retrait"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple : la personne a trouvé une autre solution."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("accept", _("accepter")), ("refuse", _("refuser"))],
        widget=forms.RadioSelect,
    )
    refusal_reason = forms.CharField(
        label=_("Motif du refus"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("refusal_reason", "").strip():
            self.add_error("refusal_reason", Referral._meta.constraints[0].violation_error_message)
        return data


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Texte de la note"), widget=forms.Textarea(attrs={"rows": 3}))
    confidential = forms.BooleanField(
        label=_("Confidentielle"),
        required=False,
        help_text=_("Visible seulement par votre structure (ou l'équipe de l'antenne)."),
    )


class MergeForm(forms.Form):
    other = forms.IntegerField(
        label=_("Numéro de la fiche à absorber"),
        help_text=_("Ses orientations, diagnostics, notes et services passent sur cette fiche."),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme : la fiche absorbée sera supprimée."),
        error_messages={"required": _("Cochez pour confirmer la fusion.")},
    )

    def __init__(self, *args, queryset, keep, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset, self.keep = queryset, keep

    def clean_other(self):
        pk = self.cleaned_data["other"]
        other = self.queryset.filter(pk=pk, anonymised_at__isnull=True).exclude(pk=self.keep.pk)
        other = other.first()
        if other is None:
            raise forms.ValidationError(_("Aucune autre fiche de l'antenne ne porte ce numéro."))
        return other


class EraseForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Recopiez le nom de famille pour confirmer"),
        help_text=_("L'effacement est définitif."),
    )

    def __init__(self, *args, beneficiary, **kwargs):
        super().__init__(*args, **kwargs)
        self.beneficiary = beneficiary

    def clean_confirm_name(self):
        value = self.cleaned_data["confirm_name"]
        if value.strip().lower() != self.beneficiary.last_name.strip().lower():
            raise forms.ValidationError(_("Le nom ne correspond pas à celui de la fiche."))
        return value
