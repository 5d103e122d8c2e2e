"""What the API views share: the tenant viewset every scoped route derives from, its filter
backend, and the audit of the people's rows it reads."""

from functools import cache

import django_filters
from django.db.models import ForeignKey
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets


def membership_of(request):
    """The membership that TenancyMiddleware put on the request. The OpenAPI schema generator
    builds views from a request that went through no middleware: no membership, and every
    `visible_to(None)` is empty."""
    return getattr(request, "membership", None)


@cache
def holds_personal_data(model) -> bool:
    """A person, or a row that points to one (a booking, a trip, a referral…)."""
    from beneficiaries.models import Beneficiary

    return model is Beneficiary or any(
        isinstance(field, ForeignKey) and field.related_model is Beneficiary
        for field in model._meta.concrete_fields
    )


class AuditedReadsMixin:
    """For a viewset: every page of a list of people's rows is audited (one event naming the
    ids shown, never the data), and so is every row read alone."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if holds_personal_data(queryset.model):
            from beneficiaries import audit

            audit.record_list(
                actor=self.request.user, objects=page if page is not None else queryset
            )
        return page

    def get_object(self):
        obj = super().get_object()
        if holds_personal_data(type(obj)):
            from beneficiaries import audit

            audit.record(
                antenna_id=obj.antenna_id,
                actor=self.request.user,
                action=audit.Action.VIEW,
                obj=obj,
            )
        return obj


class TenantFilterSet(django_filters.FilterSet):
    """Relation filters accept only the caller's tenant's rows: another antenna's pk is an
    invalid choice, as is a pk that does not exist, so nothing tells them apart."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for f in self.filters.values():
            queryset = getattr(f, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                f.queryset = queryset.model.objects.visible_to(membership_of(request))


class TenantFilterBackend(DjangoFilterBackend):
    """`filterset_fields` build a TenantFilterSet; a viewset's own `filterset_class` scopes
    itself (it is given the request)."""

    filterset_base = TenantFilterSet


class TenantViewSet(AuditedReadsMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only rows of `model` (else the serializer's) that the membership may see, through
    the model's `visible_to` (tenant and structure); filtered by TenantFilterBackend; every page
    and row of people's data audited; `<int:pk>` routes, so that the all-routes isolation test
    walks them. Each subclass declares its `tenant_roles` (mobilex/access.py)."""

    lookup_value_converter = "int"
    filter_backends = [TenantFilterBackend]
    model = None
    related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ()

    def get_queryset(self):
        model = self.model or self.serializer_class.Meta.model
        queryset = self.narrow(model.objects.visible_to(membership_of(self.request)))
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.order_by(*self.ordering) if self.ordering else queryset

    def narrow(self, queryset):
        """A subclass's further narrowing (e.g. no anonymised people)."""
        return queryset
