"""REST API of the services, scoped to the caller's antenna team membership."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from antennas.models import Role
from beneficiaries.models import Beneficiary
from services import booking as booking_module
from services.availability import free_vehicles
from services.models import Booking, Session, Trip, Vehicle

TEAM = frozenset({Role.MANAGER, Role.STAFF})


class VehicleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vehicle
        fields = ["id", "kind", "name", "identifier", "seats", "energy", "status", "odometer_km"]


class BookingSerializer(serializers.ModelSerializer):
    start = serializers.DateTimeField(source="period.lower", read_only=True)
    end = serializers.DateTimeField(source="period.upper", read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id", "vehicle", "beneficiary", "kind", "start", "end", "purpose", "status",
            "price", "km", "reference_mode",
        ]  # fmt: skip
        read_only_fields = fields


class BookingCreateSerializer(serializers.Serializer):
    vehicle = serializers.PrimaryKeyRelatedField(queryset=Vehicle.objects.none())
    beneficiary = serializers.PrimaryKeyRelatedField(queryset=Beneficiary.objects.none())
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    purpose = serializers.ChoiceField(choices=Booking.Purpose.choices)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.visible_to(membership)
        self.fields["beneficiary"].queryset = Beneficiary.objects.visible_to(membership)


class TripSerializer(serializers.ModelSerializer):
    start = serializers.DateTimeField(source="period.lower", read_only=True)
    end = serializers.DateTimeField(source="period.upper", read_only=True)

    class Meta:
        model = Trip
        fields = [
            "id", "beneficiary", "driver", "vehicle", "pickup", "dropoff", "start", "end",
            "purpose", "distance_km", "contribution", "status", "refusal_reason",
        ]  # fmt: skip


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "kind", "title", "starts_at", "duration_minutes", "place", "capacity"]


class VehicleFilter(django_filters.FilterSet):
    class Meta:
        model = Vehicle
        fields = ["kind", "status", "energy"]


class BookingFilter(django_filters.FilterSet):
    class Meta:
        model = Booking
        fields = ["vehicle", "beneficiary", "status", "kind"]


class TripFilter(django_filters.FilterSet):
    class Meta:
        model = Trip
        fields = ["status", "driver", "beneficiary"]


class SessionFilter(django_filters.FilterSet):
    class Meta:
        model = Session
        fields = ["kind"]


class AvailabilitySerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=Vehicle.Kind.choices, required=False)

    def validate(self, data):
        if data["end"] <= data["start"]:
            raise ValidationError({"end": "La fin doit suivre le début."})
        return data


class VehicleViewSet(viewsets.ReadOnlyModelViewSet):
    tenant_roles = TEAM
    lookup_value_converter = "int"
    serializer_class = VehicleSerializer
    filterset_class = VehicleFilter

    def get_queryset(self):
        return Vehicle.objects.visible_to(self.request.membership)


class BookingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    tenant_roles = TEAM
    lookup_value_converter = "int"
    serializer_class = BookingSerializer
    filterset_class = BookingFilter

    def get_queryset(self):
        return Booking.objects.visible_to(self.request.membership).order_by("-period")

    def create(self, request, *args, **kwargs):
        serializer = BookingCreateSerializer(data=request.data, membership=request.membership)
        serializer.is_valid(raise_exception=True)
        try:
            booking = booking_module.book(created_by=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from None
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"])
    def availability(self, request, *args, **kwargs):
        query = AvailabilitySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        vehicles = free_vehicles(antenna=request.antenna, **query.validated_data)
        return Response(VehicleSerializer(vehicles, many=True).data)


class TripViewSet(viewsets.ReadOnlyModelViewSet):
    tenant_roles = TEAM
    lookup_value_converter = "int"
    serializer_class = TripSerializer
    filterset_class = TripFilter

    def get_queryset(self):
        return Trip.objects.visible_to(self.request.membership).order_by("-period")


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    tenant_roles = TEAM
    lookup_value_converter = "int"
    serializer_class = SessionSerializer
    filterset_class = SessionFilter

    def get_queryset(self):
        return Session.objects.visible_to(self.request.membership)
