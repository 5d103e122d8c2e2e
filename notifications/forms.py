from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import gsm, wording
from notifications.models import MessageTemplate

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
