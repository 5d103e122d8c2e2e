"""List filters (django-filter), shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antennas.models import RURAL_DENSITY_LEVELS, Commune, Structure
from beneficiaries import search
from beneficiaries.models import Beneficiary, Goal, Referral
from mobilex.widgets import LongSelect


class BeneficiaryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_q",
        help_text=_("Nom, prénom, téléphone ou commune"),
        validators=[search.validate_query],
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Beneficiary.Status.choices, empty_label=_("tous")
    )
    referring_structure = django_filters.ModelChoiceFilter(
        label=_("Structure"),
        queryset=Structure.objects.none(),
        empty_label=_("toutes"),
        widget=LongSelect,
    )
    goal = django_filters.ChoiceFilter(
        label=_("Objectif"), choices=Goal.choices, method="filter_goal", empty_label=_("tous")
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        empty_label=_("toutes"),
        widget=LongSelect,
    )
    rural = django_filters.ChoiceFilter(
        label=_("Commune rurale"),
        choices=[("yes", _("oui")), ("no", _("non"))],
        method="filter_rural",
        empty_label=_("indifférent"),
    )

    class Meta:
        model = Beneficiary
        fields = ["q", "status", "referring_structure", "goal", "commune", "rural"]

    def __init__(self, data=None, queryset=None, *, request=None, ranks_search=False, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.ranks_search = ranks_search  # the list page ranks the search (search.ranked)
        membership = getattr(request, "membership", None)
        antenna = getattr(membership, "antenna", None)
        if antenna is not None:
            from beneficiaries.forms import communes_for

            self.filters["commune"].queryset = communes_for(antenna)
            self.filters["referring_structure"].queryset = antenna.structures.order_by("name")
        if membership is not None and membership.is_social_worker:
            self.filters.pop("referring_structure")

    def filter_queryset(self, queryset):
        if "q" in self.form.errors:  # a search with nothing to search for finds no one
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_q(self, queryset, name, value):
        return queryset if self.ranks_search else search.search(queryset, value)

    def filter_goal(self, queryset, name, value):
        return queryset.filter(goals__contains=[value])

    def filter_rural(self, queryset, name, value):
        rural = Q(commune__density_level__in=RURAL_DENSITY_LEVELS)
        return queryset.filter(rural) if value == "yes" else queryset.exclude(rural)


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Referral.Status.choices, empty_label=_("toutes")
    )

    class Meta:
        model = Referral
        fields = ["status"]
