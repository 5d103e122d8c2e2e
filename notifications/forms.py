from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antennas.picker import CommunesFormMixin
from notifications import gsm, wording
from notifications.models import MessageTemplate, PartOfDay
from services.models import Trip

MAX_LENGTH = 320  # two SMS segments with room for the names and the link that fill it in
SAMPLE = {
    "antenna": "Antenne de Betschdorf",
    "vehicle": "Clio solidaire",
    "title": "Prise en main du VAE",
    "when": "mardi 8 décembre à 9 h 30",
    "until": "mercredi 9 décembre à 17 h",
    "place": "2 rue de la Gare, Betschdorf",
    "pickup": "Betschdorf",
    "dropoff": "Haguenau",
    "driver": "Dominique",
    "passenger": "Sonia",
    "first_name": "Sonia",
    "link": "https://mobilex.example/r/1234:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG/",
}


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["text"]
        labels = {"text": gettext_lazy("Texte du message")}
        help_texts = {
            "text": gettext_lazy(
                "Variables : {{ antenna }}, {{ when }}, {{ place }}, {{ title }}, {{ vehicle }}, "
                "{{ driver }}, {{ link }}. 320 caractères au plus une fois rempli."
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 600})}

    def __init__(self, *args, needs_link=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_link = needs_link

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if wrong := wording.unknown_variables(text, SAMPLE):
            raise forms.ValidationError(
                _("Variable inconnue ou mal écrite : %(names)s (forme : {{ when }}).")
                % {"names": ", ".join(wrong)}
            )
        rendered = gsm.plain(wording.fill(text, SAMPLE))
        if len(rendered) > MAX_LENGTH:
            raise forms.ValidationError(
                _("Une fois rempli, le message compte %(n)s caractères (%(max)s au plus).")
                % {"n": len(rendered), "max": MAX_LENGTH}
            )
        if self.needs_link and "link" not in wording.VARIABLE.findall(text):
            raise forms.ValidationError(_("Gardez {{ link }} : la personne doit pouvoir annuler."))
        self.rendered, self.segments = rendered, gsm.segments(rendered)
        return text


WEEKDAYS = [
    gettext_lazy("lundi"),
    gettext_lazy("mardi"),
    gettext_lazy("mercredi"),
    gettext_lazy("jeudi"),
    gettext_lazy("vendredi"),
    gettext_lazy("samedi"),
    gettext_lazy("dimanche"),
]


class WeekForm(forms.Form):
    """How far a driver goes and their weekly slots (checkboxes named "weekday:part"): what
    the driver answers from their own link."""

    max_km = forms.IntegerField(
        label=gettext_lazy("Distance maximale jusqu'au départ (km)"),
        min_value=1,
        max_value=Trip.MAX_KM,
        initial=20,
    )
    slots = forms.MultipleChoiceField(
        label=gettext_lazy("Disponibilités chaque semaine"),
        required=False,
        choices=[
            (f"{day}:{part}", f"{WEEKDAYS[day]} {label}")
            for day in range(7)
            for part, label in PartOfDay.choices
        ],
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_slots(self) -> list[tuple[int, str]]:
        values = self.cleaned_data["slots"]
        return [(int(day), part) for day, part in (v.split(":") for v in values)]

    def grid(self) -> list[tuple[str, list[tuple[str, bool]]]]:
        """Rows of the weekday × part table: (weekday, [(value, checked)…])."""
        chosen = set(self["slots"].value() or [])
        return [
            (WEEKDAYS[day], [(f"{day}:{part}", f"{day}:{part}" in chosen) for part in PartOfDay])
            for day in range(7)
        ]


class _AntennaForm(WeekForm):
    """The end of the pickers' chain: CommunesFormMixin hands the membership on to it."""

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)


class DriverAreaForm(CommunesFormMixin, _AntennaForm):
    """What the staff record: the driver's commune and e-mail besides their week."""

    commune_fields = ("home",)
    field_order = ["home", "max_km", "email", "slots"]
    home = forms.ModelChoiceField(label=gettext_lazy("Commune du domicile"), queryset=None)
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        required=False,
        help_text=gettext_lazy(
            "Pour une personne sans portable : les demandes partent par e-mail."
        ),
    )


class OfferForm(forms.Form):
    drivers = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": gettext_lazy("Choisissez au moins un·e conducteur·rice.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drivers"].choices = [(d.pk, str(d)) for d in candidates]
