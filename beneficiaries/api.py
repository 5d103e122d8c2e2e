"""Read API of the people and referrals, scoped like the pages; every page and every row read
through it is audited (mobilex/api.py). Sensitive disability data is not exposed."""

from rest_framework import serializers

from antennas.models import Role
from beneficiaries.filters import BeneficiaryFilter, ReferralFilter
from beneficiaries.models import Beneficiary, Referral
from mobilex.api import TenantViewSet


class BeneficiarySerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.name")
    referring_structure = serializers.CharField(source="referring_structure.name", default=None)

    class Meta:
        model = Beneficiary
        fields = [
            "id",
            "last_name",
            "first_name",
            "birth_date",
            "gender",
            "phone",
            "email",
            "commune",
            "situation",
            "licence",
            "can_ride_bike",
            "transport_autonomy",
            "goals",
            "referring_structure",
            "status",
            "entry_date",
            "exit_date",
            "exit_outcome",
            "last_contact_on",
        ]


class ReferralSerializer(serializers.ModelSerializer):
    structure = serializers.CharField(source="structure.name", default=None)

    class Meta:
        model = Referral
        fields = [
            "id",
            "beneficiary",
            "origin",
            "structure",
            "services_requested",
            "reason",
            "status",
            "refusal_reason",
            "cancel_reason",
            "sent_at",
            "decided_at",
            "cancelled_at",
        ]


class BeneficiaryViewSet(TenantViewSet):
    tenant_roles = Role.ANTENNA
    model = Beneficiary
    serializer_class = BeneficiarySerializer
    filterset_class = BeneficiaryFilter
    related = ("commune", "referring_structure")
    ordering = ("last_name", "first_name", "pk")

    def narrow(self, queryset):
        return queryset.filter(anonymised_at__isnull=True)


class ReferralViewSet(TenantViewSet):
    tenant_roles = Role.ANTENNA
    model = Referral
    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    related = ("structure",)
    ordering = ("-sent_at", "-pk")
