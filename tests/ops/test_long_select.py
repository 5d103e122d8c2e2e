"""The long selects (mobilex/widgets.py) write the very HTML Django's select writes — options,
groups, the one option selected, escaping, the field's attributes — several times faster."""

import time

import pytest
from django import forms
from django.test.html import parse_html

from antennas.models import Commune
from mobilex.widgets import LongSelect

CHOICES = [
    ("", "toutes"),
    ("a", "Haguenau <centre> & gare"),
    ("Bas-Rhin", [("67", "Betschdorf"), ("68", "Wissembourg")]),
    ("a", "le même code, plus loin"),  # Django selects the first match only
    (None, "aucune"),
]


def _both(field_factory, data):
    def render(widget):
        class Form(forms.Form):
            commune = field_factory(widget)

        return str(Form(data)["commune"])

    return render(forms.Select), render(LongSelect)


@pytest.mark.parametrize("value", ["", "a", "67", "inconnu"])
def test_the_same_html_as_djangos_select(value):
    django_html, ours = _both(
        lambda widget: forms.ChoiceField(
            choices=CHOICES, widget=widget(attrs={"class": "x"}), help_text="Aide"
        ),
        {"commune": value},
    )
    assert parse_html(ours) == parse_html(django_html)
    assert "&lt;centre&gt; &amp; gare" in ours and ours.count("selected") == (value != "inconnu")


@pytest.mark.django_db
def test_a_model_choice_of_the_communes_with_one_chosen():
    communes = Commune.objects.order_by("name")[:120]
    chosen = communes[57]
    django_html, ours = _both(
        lambda widget: forms.ModelChoiceField(
            queryset=communes, widget=widget, empty_label="toutes"
        ),
        {"commune": str(chosen.pk)},
    )
    assert parse_html(ours) == parse_html(django_html)
    assert f'<option value="{chosen.pk}" selected>{chosen}</option>' in ours


def test_several_times_faster_than_djangos():
    choices = [(str(i), f"Commune {i}") for i in range(120)]

    def timed(widget):
        rendered = widget(choices=choices)
        start = time.perf_counter()
        for _ in range(20):
            rendered.render("commune", "57")
        return time.perf_counter() - start

    assert timed(LongSelect) < timed(forms.Select) / 3
