"""Choosing one of the antenna's people without listing them all: a search box that asks the
server for a few matches as one types (htmx), and a hidden input that receives the chosen pk.

Without JavaScript the same markup works as a search step: the "Chercher" button and the result
buttons submit the form, which is shown again with the matches or the chosen person, neither
validated nor saved (`PeopleFormMixin.picking`)."""

from django import forms
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Beneficiary
from beneficiaries.search import search, tsquery

LIMIT = 15
HELP = _("Tapez le nom, le prénom ou le téléphone, puis choisissez la personne.")


def people(membership):
    """The people a service can be given to: followed by the antenna, neither exited nor erased."""
    return (
        Beneficiary.objects.visible_to(membership)
        .filter(anonymised_at__isnull=True)
        .exclude(status=Beneficiary.Status.EXITED)
        .order_by("last_name", "first_name", "pk")
    )


def find(queryset, text) -> tuple[list, bool]:
    """At most LIMIT people of `queryset` matching `text`, and whether there are more."""
    if not tsquery(text or ""):
        return [], False
    found = list(search(queryset, text).select_related("commune")[: LIMIT + 1])
    return found[:LIMIT], len(found) > LIMIT


class PersonPicker(forms.Widget):
    template_name = "services/_person_picker.html"

    class Media:
        js = ["js/services_picker.js"]

    def __init__(self, *, queryset, url, data):
        super().__init__()
        self.queryset, self.url, self.data = queryset, url, data

    def value_from_datadict(self, data, files, name):
        return data.get(f"{name}_pick") or data.get(name)

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_  # the label names the search box

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs.pop("required", None)  # the hidden pk is what is required, not the search text
        value = context["widget"]["value"]
        text = self.data.get(f"{name}_search", "")
        searched = f"{name}_find" in self.data
        found, more = find(self.queryset, text) if searched else ([], False)
        chosen = (
            self.queryset.select_related("commune").filter(pk=value).first()
            if str(value or "").isdecimal()
            else None
        )
        context.update(
            url=self.url, text=text, chosen=chosen, found=found, more=more, searched=searched
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (where the services' templates live); the result is safe.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class PeopleFormMixin:
    """Forms whose `people_fields` choose one of the antenna's people with the picker. The field
    stays a ModelChoiceField over `people(membership)`: validation is unchanged."""

    people_fields = ("beneficiary",)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        url = reverse("services_people", kwargs={"antenna_slug": membership.antenna.slug})
        for name in self.people_fields:
            field = self.fields[name]
            field.queryset = people(membership)
            field.widget = PersonPicker(queryset=field.queryset, url=url, data=self.data)
            field.widget.is_required = field.required
            field.help_text = field.help_text or HELP

    @property
    def picking(self) -> bool:
        """A search step of the picker without JavaScript, not a submission."""
        return any(
            f"{name}_find" in self.data or f"{name}_pick" in self.data
            for name in self.people_fields
        )

    def full_clean(self):
        if self.picking:  # shown again as typed, without errors: nothing is being submitted
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.picking and super().is_valid()
