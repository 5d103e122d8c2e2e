"""Publishing the offer: the managers' page (public description, services, preview) and the
public, read-only data·inclusion endpoints (JSON pages and CSV). No personal data."""

import csv

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from antennas.models import Role
from mobilex.access import PUBLIC, public
from mobilex.tenancy import tenant_roles
from services import publication
from services.catalogue import ServiceKind
from services.models import PublicProfile, PublishedService
from services.publication_forms import PublicProfileForm, PublishedServiceForm


def _profile(antenna) -> PublicProfile:
    profile, _created = PublicProfile.objects.get_or_create(antenna=antenna)
    return profile


@tenant_roles(Role.MANAGER)
def offer(request, antenna_slug):
    """The antenna's public description, its services, and what data·inclusion will read."""
    profile = _profile(request.antenna)
    form = PublicProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_at = timezone.now()
        form.save()
        messages.success(request, _("Présentation publique enregistrée."))
        return redirect("services_offer", antenna_slug=antenna_slug)
    services = {
        s.kind: s
        for s in PublishedService.objects.visible_to(request.membership).prefetch_related(
            "communes"
        )
    }
    rows = []
    for kind in ServiceKind:
        service = services.get(kind)
        rows.append(
            {
                "kind": kind,
                "service": service,
                "completeness": publication.service_completeness(service, profile)
                if service
                else None,
            }
        )
    structure = publication.structure_record(profile)
    return render(
        request,
        "services/offer.html",
        {
            "form": form,
            "profile": profile,
            "rows": rows,
            "completeness": publication.profile_completeness(profile),
            "structure_errors": publication.schema_errors(structure, model="structure"),
            "structure": structure,
        },
        status=400 if form.errors else 200,
    )


@tenant_roles(Role.MANAGER)
def offer_service(request, antenna_slug, kind):
    if kind not in ServiceKind.values:
        raise Http404
    profile = _profile(request.antenna)
    service = PublishedService.objects.visible_to(request.membership).filter(
        kind=kind
    ).first() or PublishedService(
        antenna=request.antenna, kind=kind, name=ServiceKind(kind).label, fees="payant"
    )
    territory_communes = request.antenna.territory.communes.order_by("name")
    form = PublishedServiceForm(request.POST or None, instance=service, communes=territory_communes)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.updated_at = timezone.now()
            form.save()
        messages.success(request, _("Service enregistré."))
        return redirect("services_offer", antenna_slug=antenna_slug)
    record = errors = None
    if service.pk:
        record = publication.service_record(service, profile)
        errors = publication.schema_errors(record, model="service")
    return render(
        request,
        "services/offer_service.html",
        {
            "form": form,
            "service": service,
            "record": record,
            "schema_errors": errors,
            "completeness": publication.service_completeness(service, profile)
            if service.pk
            else None,
        },
        status=400 if form.errors else 200,
    )


# -- public endpoints -------------------------------------------------------------------------


class _Pages(CursorPagination):
    """Keyset pages: no OFFSET, stable while rows change."""

    ordering = "pk"
    page_size = 100


class _Public(ListAPIView):
    access = PUBLIC  # open data, published by each manager
    authentication_classes = []
    permission_classes = [AllowAny]
    pagination_class = _Pages

    rows = staticmethod(publication.published_structures)
    records = staticmethod(publication.structure_records)

    def get_queryset(self):
        return self.rows()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        with translation.override("fr"):  # data·inclusion reads French whoever asks
            return self.get_paginated_response(self.records(page))


@extend_schema_view(get=extend_schema(responses=OpenApiTypes.OBJECT, tags=["data·inclusion"]))
class StructureList(_Public):
    """data·inclusion `structure` records of the published antennas (schema v1)."""


@extend_schema_view(get=extend_schema(responses=OpenApiTypes.OBJECT, tags=["data·inclusion"]))
class ServiceList(_Public):
    """data·inclusion `service` records of the published services (schema v1)."""

    rows = staticmethod(publication.published_services)
    records = staticmethod(publication.service_records)


def _csv(records: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if not records:
        return response
    writer = csv.DictWriter(response, fieldnames=list(records[0]))
    writer.writeheader()
    for record in records:
        writer.writerow({k: ",".join(v) if isinstance(v, list) else v for k, v in record.items()})
    return response


@public
@translation.override("fr")
def structures_csv(request):
    rows = publication.published_structures().order_by("pk")
    return _csv(publication.structure_records(rows), "structures.csv")


@public
@translation.override("fr")
def services_csv(request):
    rows = publication.published_services().order_by("pk")
    return _csv(publication.service_records(rows), "services.csv")
