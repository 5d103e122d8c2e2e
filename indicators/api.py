"""REST API of the indicators. Officers read their territory's figures of a year with statistical
secrecy applied exactly as on the dashboard and in the CSV (a hidden cell carries its label,
never its value), the catalogue, the targets and the yearly reports; an antenna's team reads its
antenna's exact figures, as on its indicators page."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from antennas.models import Role
from indicators.catalogue import BY_CODE, FIRST_YEAR, INDICATORS, by_group
from indicators.figures import compute
from indicators.models import Report, Target
from indicators.reports import request_report
from indicators.secrecy import RULE
from indicators.targets import check_year, parse_number
from mobilex.api import TenantViewSet, membership_of


def _number(value, decimals=0):
    """Rounded as the dashboard and the CSV print it."""
    value = Decimal(value or 0)
    if decimals:
        return float(value.quantize(Decimal(1).scaleb(-decimals)))
    return int(round(value))


def _cell(cell):
    if cell.hidden:
        return {"value": None, "secret": cell.label}
    return {"value": _number(cell.value, cell.decimals), "secret": None}


def published(figures) -> dict:
    years = sorted(figures.series)
    return {
        "year": figures.year,
        "scope": {"slug": figures.scope.slug, "name": figures.scope.name},
        "protected": figures.protected,
        "has_data": figures.has_data,
        "indicators": [
            {
                "code": indicator.code,
                "label": indicator.label,
                "unit": indicator.unit,
                "values": {str(y): _cell(figures.series[y][indicator.code]) for y in years},
            }
            for indicator in INDICATORS
        ],
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "columns": [{"code": code, "label": label} for code, label in table.columns],
                "rows": [
                    {
                        "label": row["label"],
                        "is_total": row.get("is_total", False),
                        "cells": {
                            code: _cell(cell)
                            for (code, _label), cell in zip(
                                table.columns, row["cells"], strict=True
                            )
                        },
                        "total": _cell(row["total"]),
                    }
                    for row in table.rows
                ],
            }
            for table in [*figures.tables, figures.exits, figures.users]
        ],
        "antennas": [
            {
                "slug": row["antenna"].slug,
                "name": row["antenna"].name,
                "rural": row["antenna"].is_rural,
                "status": row["antenna"].status_then,
                "opened_on": row["antenna"].opened_on,
                "followed": _cell(row["followed"]),
                "new": _cell(row["new"]),
                "users": _cell(row["users"]),
                "exits": _cell(row["exits"]),
                "uses": row["uses"],
                "km": _number(row["km"]),
                "co2e_avoided": _number(row["co2e_t"], 2),
                "events": row["events"],
            }
            for row in figures.per_antenna
        ],
        "services": [
            {
                "code": service["code"],
                "label": service["label"],
                "deployed_since": service["since"],
                "uses": service["uses"],
                "users": _cell(service["users"]),
                "km": _number(service["km"]),
            }
            for service in figures.services
        ],
        "factor_versions": figures.factor_set.versions(),
        # km counted in the km travelled but left out of an effect: a mode without its factor.
        "km_without_factor": {
            row["quantity"]: {
                "km": _number(row["km"]),
                "modes": [
                    {"mode": m["code"], "label": m["mode"], "km": _number(m["km"])}
                    for m in row["modes"]
                ],
            }
            for row in figures.without_factor
        },
        "secrecy_rule": RULE if figures.protected else None,
    }


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=FIRST_YEAR)

    def validate_year(self, year):
        if year > timezone.localdate().year:
            raise ValidationError(_("Les chiffres d'une année à venir n'existent pas encore."))
        return year


def _year(request):
    query = YearQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data.get("year", timezone.localdate().year)


FIGURES_SCHEMA = extend_schema(
    parameters=[YearQuerySerializer], responses={200: OpenApiTypes.OBJECT}
)


class TerritoryFigures(APIView):
    """GET ?year=YYYY (this year by default): the published figures of the territory."""

    tenant_roles = Role.OFFICERS

    @FIGURES_SCHEMA
    def get(self, request, territory_slug):
        return Response(published(compute(year=_year(request), territory=request.territory)))


class AntennaFigures(APIView):
    """GET ?year=YYYY: the antenna's exact figures, for its own team."""

    tenant_roles = Role.TEAM

    @FIGURES_SCHEMA
    def get(self, request, antenna_slug):
        figures = compute(year=_year(request), antenna=request.antenna, protected=False)
        return Response(published(figures))


class Catalogue(APIView):
    tenant_roles = Role.OFFICERS

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, territory_slug):
        return Response(
            [
                {
                    "code": group.code,
                    "label": group.label,
                    "indicators": [
                        {
                            "code": i.code,
                            "label": i.label,
                            "unit": i.unit,
                            "definition": i.definition,
                            "counts_people": i.counts_people,
                            "decimals": i.decimals,
                            "maximum": i.maximum,
                        }
                        for i in indicators
                    ],
                }
                for group, indicators in by_group()
            ]
        )


class FrenchNumber(serializers.DecimalField):
    """A JSON number, or a string as the pages accept it ("7 800", "12,5", "24.00")."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(parse_number(data))
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from None


class TargetSerializer(serializers.ModelSerializer):
    value = FrenchNumber(max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = Target
        fields = ["id", "year", "indicator", "value", "updated_at"]
        read_only_fields = ["updated_at"]

    def validate_year(self, year):
        try:
            return check_year(year)
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from None

    def validate(self, data):
        instance = self.instance
        year = data.get("year", getattr(instance, "year", None))
        indicator = BY_CODE[data.get("indicator", getattr(instance, "indicator", None))]
        value = data.get("value", getattr(instance, "value", None))
        errors = {}
        try:
            MaxValueValidator(indicator.maximum)(value)
        except DjangoValidationError as error:
            errors["value"] = error.messages
        if not indicator.decimals and value != value.to_integral_value():
            errors["value"] = [_("Cet indicateur se compte en nombres entiers.")]
        clash = Target.objects.filter(
            territory=self.context["request"].territory, year=year, indicator=indicator.code
        )
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["indicator"] = [_("Un objectif existe déjà pour cet indicateur.")]
        if errors:
            raise ValidationError(errors)
        return data


class TargetViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, TenantViewSet):
    """The territory's targets; ?year= narrows the list."""

    tenant_roles = Role.OFFICERS
    serializer_class = TargetSerializer
    filterset_fields = ["year", "indicator"]
    ordering = ("year", "indicator")

    def perform_create(self, serializer):
        self._save(serializer, territory=self.request.territory)

    def perform_update(self, serializer):
        self._save(serializer)

    def _save(self, serializer, **fields):
        try:
            with transaction.atomic():
                serializer.save(set_by=self.request.user, **fields)
        except IntegrityError:  # a concurrent request set the same target first
            raise ValidationError(
                {"indicator": [_("Un objectif existe déjà pour cet indicateur.")]}
            ) from None


class ReportSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id", "year", "status", "status_label", "progress", "requested_at", "started_at",
            "generated_at", "error", "size", "checksum", "factor_versions", "download",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download(self, report) -> str | None:
        if report.status != Report.Status.DONE:
            return None
        request = self.context["request"]
        return request.build_absolute_uri(
            reverse(
                "indicators_report_download",
                kwargs={"territory_slug": request.territory.slug, "pk": report.pk},
            )
        )


class ReportRequestSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR)

    def validate_year(self, year):
        if year > timezone.localdate().year:
            raise ValidationError(_("Le rapport d'une année à venir ne peut pas être compilé."))
        return year


class ReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The territory's yearly reports; POST {"year": YYYY} asks for a new one (202), whose
    status is then polled on its detail route."""

    tenant_roles = Role.OFFICERS
    lookup_value_converter = "int"
    serializer_class = ReportSerializer
    filterset_fields = ["year", "status"]

    def get_queryset(self):
        # Reading writes nothing: stale reports are failed by a scheduled task.
        return Report.objects.visible_to(membership_of(self.request))

    def create(self, request, *args, **kwargs):
        asked = ReportRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        report = request_report(
            territory=request.territory, year=asked.validated_data["year"], user=request.user
        )
        return Response(self.get_serializer(report).data, status=status.HTTP_202_ACCEPTED)
