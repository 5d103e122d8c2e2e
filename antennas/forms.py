from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antennas.models import ANTENNA_ROLES, AntennaStatusChange, Membership, Role


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"))
    # Least privileged first, and chosen by default: a manager raises it on purpose.
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[(r.value, r.label) for r in reversed(ANTENNA_ROLES)],
        initial=Role.SOCIAL_WORKER,
    )
    structure = forms.ModelChoiceField(
        label=_("Structure partenaire"),
        queryset=None,
        required=False,
        help_text=_("Obligatoire pour un·e référent·e social·e."),
    )

    def __init__(self, *args, antenna, **kwargs):
        super().__init__(*args, **kwargs)
        self.antenna = antenna
        self.fields["structure"].queryset = antenna.structures.order_by("name")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if Membership.objects.filter(antenna=self.antenna, user__email__iexact=email).exists():
            raise forms.ValidationError(_("Cette personne fait déjà partie de l'antenne."))
        return email

    def clean(self):
        data = super().clean()
        role, structure = data.get("role"), data.get("structure")
        if role == Role.SOCIAL_WORKER and structure is None:
            self.add_error("structure", _("Choisissez la structure de ce·tte référent·e."))
        if role and role != Role.SOCIAL_WORKER and structure is not None:
            self.add_error("structure", _("Seul·e un·e référent·e social·e a une structure."))
        return data


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class StatusChangeForm(forms.ModelForm):
    class Meta:
        model = AntennaStatusChange
        fields = ["status", "changed_on", "note"]
        widgets = {"changed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, antenna, **kwargs):
        super().__init__(*args, **kwargs)
        self.antenna = antenna

    def clean_changed_on(self):
        day = self.cleaned_data["changed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("Enregistrez le changement le jour où il a lieu, pas à l'avance.")
            )
        if AntennaStatusChange.objects.filter(antenna=self.antenna, changed_on=day).exists():
            raise forms.ValidationError(_("Un changement de statut existe déjà à cette date."))
        return day
