"""REST API of the services, scoped to the caller's antenna team membership."""

from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from antennas.models import Role
from beneficiaries.models import Beneficiary
from mobilex.api import TenantViewSet
from mobilex.bounds import plausible_date
from services import booking as booking_module
from services import carpool, tus
from services.catalogue import Mode
from services.models import Booking, Ride, RidePassenger, Session, Trip, Vehicle
from services.occupancy import free_vehicles
from services.picker import people


class PlausibleDateTimeField(serializers.DateTimeField):
    """Refused before the time zone is applied: year 1 in Europe/Paris overflows."""

    def enforce_timezone(self, value):
        try:
            plausible_date(value)
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from None
        return super().enforce_timezone(value)


class RideSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ride
        fields = [
            "id", "driver_kind", "driver_beneficiary", "driver_name", "company", "origin",
            "destination", "departure", "seats", "recurrence", "distance_km", "rate_per_km",
            "status", "cancelled_at", "cancel_reason",
        ]  # fmt: skip


class RidePassengerSerializer(serializers.ModelSerializer):
    class Meta:
        model = RidePassenger
        fields = ["id", "ride", "beneficiary", "request", "status", "cost_share", "reference_mode"]


class VehicleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vehicle
        fields = ["id", "kind", "name", "identifier", "seats", "energy", "status", "odometer_km"]


class PeriodSerializer(serializers.ModelSerializer):
    """Rows whose `period` range is shown as start and end."""

    start = serializers.DateTimeField(source="period.lower", read_only=True)
    end = serializers.DateTimeField(source="period.upper", read_only=True)


class BookingSerializer(PeriodSerializer):
    class Meta:
        model = Booking
        fields = [
            "id", "vehicle", "beneficiary", "kind", "start", "end", "purpose", "status",
            "price", "km", "reference_mode", "cancelled_at", "cancel_reason",
        ]  # fmt: skip
        read_only_fields = fields


class BookingCreateSerializer(serializers.Serializer):
    vehicle = serializers.PrimaryKeyRelatedField(queryset=Vehicle.objects.none())
    beneficiary = serializers.PrimaryKeyRelatedField(queryset=Beneficiary.objects.none())
    start = PlausibleDateTimeField()
    end = PlausibleDateTimeField()
    purpose = serializers.ChoiceField(choices=Booking.Purpose.choices)
    reference_mode = serializers.ChoiceField(choices=Mode.choices)  # asked, as on the form
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.visible_to(membership).exclude(
            status=Vehicle.Status.RETIRED
        )
        self.fields["beneficiary"].queryset = people(membership)  # the form's own choice


class TripSerializer(PeriodSerializer):
    class Meta:
        model = Trip
        fields = [
            "id", "beneficiary", "driver", "vehicle", "pickup", "dropoff", "start", "end",
            "purpose", "distance_km", "contribution", "status", "refusal_reason",
            "cancelled_at", "cancel_reason",
        ]  # fmt: skip


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "kind", "title", "starts_at", "duration_minutes", "place", "capacity"]


class AvailabilitySerializer(serializers.Serializer):
    start = PlausibleDateTimeField()
    end = PlausibleDateTimeField()
    kind = serializers.ChoiceField(choices=Vehicle.Kind.choices, required=False)

    def validate(self, data):
        if data["end"] <= data["start"]:
            raise ValidationError({"end": "La fin doit suivre le début."})
        return data


class VehicleViewSet(TenantViewSet):
    tenant_roles = Role.TEAM
    serializer_class = VehicleSerializer
    filterset_fields = ["kind", "status", "energy"]


def as_api_error(error: DjangoValidationError) -> ValidationError:
    """The module's message, by field, as a 400: the API says what the form says."""
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class CancellableMixin:
    """POST …/<pk>/cancel/ {"reason": …}: the page's cancellation, through the same function."""

    # Each viewset names its module's cancellation, as a staticmethod (obj, *, by, reason).
    cancel_function: Callable[..., object]

    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        obj = self.get_object()
        query = CancelSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            obj = self.cancel_function(obj, by=request.user, **query.validated_data)
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        return Response(self.get_serializer(obj).data)


class BookingViewSet(CancellableMixin, mixins.CreateModelMixin, TenantViewSet):
    tenant_roles = Role.TEAM
    serializer_class = BookingSerializer
    filterset_fields = ["vehicle", "beneficiary", "status", "kind"]
    ordering = ("-period",)

    @staticmethod
    def cancel_function(booking, **why):
        return booking_module.cancel(booking=booking, **why)

    def create(self, request, *args, **kwargs):
        serializer = BookingCreateSerializer(data=request.data, membership=request.membership)
        serializer.is_valid(raise_exception=True)
        try:
            booking = booking_module.book(created_by=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"])
    def availability(self, request, *args, **kwargs):
        query = AvailabilitySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        vehicles = free_vehicles(antenna=request.antenna, **query.validated_data)
        return Response(VehicleSerializer(vehicles, many=True).data)


class TripViewSet(CancellableMixin, TenantViewSet):
    tenant_roles = Role.TEAM
    serializer_class = TripSerializer

    @staticmethod
    def cancel_function(trip, **why):
        return tus.cancel(trip=trip, **why)

    filterset_fields = ["status", "driver", "beneficiary"]
    ordering = ("-period",)


class SessionViewSet(TenantViewSet):
    tenant_roles = Role.TEAM
    serializer_class = SessionSerializer
    filterset_fields = ["kind"]


class RideViewSet(CancellableMixin, TenantViewSet):
    tenant_roles = Role.TEAM
    serializer_class = RideSerializer

    @staticmethod
    def cancel_function(ride, **why):
        return carpool.cancel_ride(ride=ride, **why)

    filterset_fields = {
        "status": ["exact"],
        "driver_kind": ["exact"],
        "driver_beneficiary": ["exact"],
        "origin": ["exact"],
        "destination": ["exact"],
        "departure": ["gte", "lt"],
    }


class RidePassengerViewSet(TenantViewSet):
    tenant_roles = Role.TEAM
    serializer_class = RidePassengerSerializer
    filterset_fields = ["ride", "beneficiary", "status"]
