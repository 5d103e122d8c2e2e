"""Forms of the antenna's public offer (data·inclusion)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from services.models import PublicProfile, PublishedService
from services.models.publication import Public


def _https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class PublicProfileForm(forms.ModelForm):
    class Meta:
        model = PublicProfile
        formfield_callback = _https_by_default
        fields = [
            "published",
            "description",
            "siret",
            "phone",
            "email",
            "website",
            "opening_hours",
            "accessibility_url",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class PublishedServiceForm(forms.ModelForm):
    publics = forms.MultipleChoiceField(
        label=_("Publics"),
        choices=Public.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PublishedService
        fields = [
            "published",
            "name",
            "description",
            "fees",
            "fees_details",
            "publics",
            "access_conditions",
            "opening_hours",
            "communes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "communes": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = communes
        self.fields["description"].help_text = _(
            "Idéalement 200 à 2 000 caractères, en phrases courtes et simples."
        )

    def clean(self):
        data = super().clean()
        if data.get("fees") == "payant" and not data.get("fees_details"):
            self.add_error(
                "fees_details",
                _("Précisez les frais d'un service payant (par exemple « 1,75 € par jour »)."),
            )
        return data
