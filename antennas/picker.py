"""Choosing one of France's 35 000 communes without listing them (mobilex/pickers.py): matches by
folded name, postal code or INSEE code, on indexed columns."""

import re

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from antennas.models import Commune
from antennas.text import normalise
from mobilex.pickers import PickerFormMixin, SearchPicker

LIMIT = 12
HELP = _("Tapez le nom, le code postal ou le code INSEE, puis choisissez la commune.")
_INSEE = re.compile(r"\d[\dAB]\d{3}")


def find_communes(text: str) -> tuple[list[Commune], bool]:
    """At most LIMIT communes matching `text` (one query, on indexed columns), the most
    populous first, and whether there are more."""
    text = (text or "").strip().upper()
    if text.isdigit() or _INSEE.fullmatch(text):
        if len(text) < 2:
            return [], False
        match = Q(postal_code__startswith=text)
        if len(text) == 5:
            match |= Q(postal_code_list__contains=[text]) | Q(insee_code=text)
    else:
        folded = normalise(text)
        if len(folded) < 2:
            return [], False
        match = Q(search_name__startswith=folded)
    found = list(Commune.objects.filter(match).order_by("-population", "name")[: LIMIT + 1])
    return found[:LIMIT], len(found) > LIMIT


class CommunePicker(SearchPicker):
    results_template = "antennas/_commune_results.html"
    chosen_label = _("Commune choisie :")

    def find(self, text):
        return find_communes(text)

    def chosen(self, value):
        return Commune.objects.filter(pk=value).first()


class CommunesFormMixin(PickerFormMixin):
    """Forms whose `commune_fields` choose any French commune with the picker; the field stays a
    ModelChoiceField, so validation is unchanged."""

    commune_fields: tuple[str, ...] = ()

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, membership=membership, **kwargs)
        url = reverse("antenna_communes", kwargs={"antenna_slug": membership.antenna.slug})
        for name in self.commune_fields:
            field = self.fields[name]
            field.queryset = Commune.objects.all()
            field.widget = CommunePicker(url=url, data=self.data)
            field.widget.is_required = field.required
            field.help_text = field.help_text or HELP
            field.error_messages["invalid_choice"] = _("Choisissez une commune dans la liste.")
