from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.catalogue import FIRST_YEAR, INDICATORS
from indicators.models import AssociationProfile
from indicators.targets import check_year, format_number, parse_number


class FrenchNumberInput(forms.TextInput):
    """A text field (a number field refuses "12,5" and "7 800" in most browsers)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        return format_number(value) or None


class FrenchNumberField(forms.DecimalField):
    widget = FrenchNumberInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_number(value)

    def widget_attrs(self, widget):
        return {}  # no min/max/step attributes: they belong to number inputs


def year_choices():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Année"), coerce=int, choices=year_choices)


class TargetsForm(forms.Form):
    """One optional field per indicator; empty removes the target."""

    year = forms.IntegerField(
        label=_("Année des objectifs"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)],
    )

    def __init__(self, *args, initial_targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_targets = initial_targets or {}
        for indicator in INDICATORS:
            step = Decimal(1).scaleb(-indicator.decimals) if indicator.decimals else Decimal(1)
            self.fields[indicator.code] = FrenchNumberField(
                label=f"{indicator.label} ({indicator.unit})",
                required=False,
                min_value=0,
                max_value=indicator.maximum,
                decimal_places=indicator.decimals,
                max_digits=14,
                step_size=step,
                error_messages={
                    "max_decimal_places": _("Cet indicateur se compte en nombres entiers.")
                    if not indicator.decimals
                    else _("Au plus %(max)s chiffre(s) après la virgule.")
                    % {"max": indicator.decimals},
                },
                help_text=indicator.definition,
                initial=getattr(initial_targets.get(indicator.code), "value", None),
            )

    def clean_year(self):
        return check_year(self.cleaned_data["year"])

    def target_values(self):
        return {indicator.code: self.cleaned_data.get(indicator.code) for indicator in INDICATORS}

    def indicator_fields(self):
        return [self[indicator.code] for indicator in INDICATORS]


class AssociationProfileForm(forms.ModelForm):
    class Meta:
        model = AssociationProfile
        fields = [
            "name",
            "rna_number",
            "address",
            "employees",
            "volunteers",
            "members",
            "contribution_rule",
            "passenger_rules",
        ]
        widgets = {"passenger_rules": forms.Textarea(attrs={"rows": 4})}
