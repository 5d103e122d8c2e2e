from django.contrib import admin

from beneficiaries.audit import AuditedReadsAdmin
from beneficiaries.models import AuditEvent, Beneficiary, Diagnostic, Note, Referral


@admin.register(Beneficiary)
class BeneficiaryAdmin(AuditedReadsAdmin, admin.ModelAdmin):
    list_display = ("__str__", "antenna", "commune", "referring_structure", "status")
    list_filter = ("antenna", "status", "situation")
    search_fields = ("search_text", "email")
    list_select_related = ("antenna", "commune", "referring_structure")
    raw_id_fields = ("referent", "commune", "referring_structure")
    readonly_fields = ("anonymised_at", "version", "created_at", "updated_at")


@admin.register(Referral)
class ReferralAdmin(AuditedReadsAdmin, admin.ModelAdmin):
    list_display = ("beneficiary", "antenna", "structure", "status", "sent_at")
    list_filter = ("antenna", "status")
    search_fields = ("beneficiary__search_text",)
    raw_id_fields = ("beneficiary", "social_worker", "decided_by")


@admin.register(Diagnostic)
class DiagnosticAdmin(AuditedReadsAdmin, admin.ModelAdmin):
    list_display = ("beneficiary", "antenna", "made_on", "author")
    list_filter = ("antenna",)
    search_fields = ("beneficiary__search_text",)
    raw_id_fields = ("beneficiary", "author")


@admin.register(Note)
class NoteAdmin(AuditedReadsAdmin, admin.ModelAdmin):
    list_display = ("beneficiary", "antenna", "created_at", "confidential")
    list_filter = ("antenna", "confidential")
    search_fields = ("beneficiary__search_text",)
    raw_id_fields = ("beneficiary", "author")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "antenna", "actor", "action", "model", "object_id", "beneficiary_id")
    list_filter = ("antenna", "action", "model")
    search_fields = ("=beneficiary_id", "=object_id", "actor__email")

    # Append-only, for everyone (and PostgreSQL refuses it anyway: migration 0004).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
