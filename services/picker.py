"""Choosing one of the antenna's people without listing them all (mobilex/pickers.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Beneficiary
from beneficiaries.search import search, tsquery
from mobilex.pickers import PickerFormMixin, SearchPicker

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


class PersonPicker(SearchPicker):
    results_template = "services/_people_results.html"
    chosen_label = _("Personne choisie :")

    def __init__(self, *, queryset, url, data):
        super().__init__(url=url, data=data)
        self.queryset = queryset

    def find(self, text):
        return find(self.queryset, text)

    def chosen(self, value):
        if not str(value).isdecimal():
            return None
        return self.queryset.select_related("commune").filter(pk=value).first()


class PeopleFormMixin(PickerFormMixin):
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
