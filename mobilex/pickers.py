"""Choosing one row among many without listing them all: a search box that asks the server for
a few matches as one types (htmx), and a hidden input that receives the chosen key. The person
picker (services/picker.py) and the commune picker (antennas/picker.py) are two of them.

Without JavaScript the same markup works as a search step: the "Chercher" button and the result
buttons submit the form, which is shown again with the matches or the chosen row, neither
validated nor saved (`PickerFormMixin.picking`)."""

from collections.abc import Callable

from django import forms
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string


class SearchPicker(forms.Widget):
    """Subclasses say how to find matches, how to fetch the chosen row, and how to show them."""

    template_name = "pickers/_search_picker.html"
    results_template: str
    chosen_label: str
    # Each subclass defines them as methods: the matches of a typed text (rows, and whether there
    # are more), and the row a submitted value names (None if it names none).
    find: Callable[[str], tuple[list, bool]]
    chosen: Callable[[object], object | None]

    class Media:
        js = ["js/services_picker.js"]

    def __init__(self, *, url, data):
        super().__init__()
        self.url, self.data = url, data

    def value_from_datadict(self, data, files, name):
        return data.get(f"{name}_pick") or data.get(name)

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_  # the label names the search box

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("required", None)  # the hidden key is what is required
        text = self.data.get(f"{name}_search", "")
        searched = f"{name}_find" in self.data
        found, more = self.find(text) if searched else ([], False)
        value = context["widget"]["value"]
        context.update(
            url=self.url,
            text=text,
            chosen=self.chosen(value) if value else None,
            chosen_label=self.chosen_label,
            results_template=self.results_template,
            found=found,
            more=more,
            searched=searched,
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (where the apps' templates live); the result is safe.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class PickerFormMixin:
    """A form with search pickers: a search step of any of them shows the form again as typed,
    without errors, since nothing is being submitted."""

    @property
    def picking(self) -> bool:
        return any(
            f"{name}_find" in self.data or f"{name}_pick" in self.data
            for name, field in self.fields.items()
            if isinstance(field.widget, SearchPicker)
        )

    def full_clean(self):
        if self.picking:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.picking and super().is_valid()
