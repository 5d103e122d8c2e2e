from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from antennas.models import (
    Antenna,
    AntennaStatusChange,
    Commune,
    Invitation,
    Membership,
    Structure,
    Territory,
    User,
)
from beneficiaries import audit


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siren"]
    search_fields = ["name", "siren", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["communes"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "postal_code", "epci_name", "population", "density_level"]
    list_filter = ["epci_name", "density_level"]
    search_fields = ["name", "search_name", "insee_code", "postal_codes"]


class StatusChangeInline(admin.TabularInline):
    """Past changes are kept as they were recorded: new ones are added, none is edited."""

    model = AntennaStatusChange
    fields = ["status", "changed_on", "note", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]
    extra = 0

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Antenna)
class AntennaAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "commune", "status", "opened_on"]
    list_filter = ["territory", "status"]
    search_fields = ["name", "slug", "commune__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["commune"]
    inlines = [StatusChangeInline]

    def get_readonly_fields(self, request, obj=None):
        # Once created, the status and the opening date follow the dated changes below.
        return ["status", "opened_on"] if obj else []

    def save_formset(self, request, form, formset, change):
        changes = formset.save(commit=False)
        for status_change in changes:
            status_change.recorded_by = request.user
            status_change.save()
            audit.record(
                antenna_id=status_change.antenna_id,
                actor=request.user,
                action=audit.Action.CREATE,
                obj=status_change,
            )
        for deleted in formset.deleted_objects:
            deleted.delete()


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret", "commune", "approval_end"]
    list_filter = ["kind"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["commune"]
    filter_horizontal = ["antennas"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["antenna", "territory", "structure"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "antenna", "territory", "structure", "is_active"]
    list_filter = ["role", "is_active", "antenna", "territory"]
    search_fields = ["user__email", "user__last_name", "antenna__name", "territory__name"]
    autocomplete_fields = ["user", "antenna", "territory", "structure"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "antenna", "role", "created_at", "expires_at", "used_at"]
    list_filter = ["antenna", "role"]
    search_fields = ["email"]
    readonly_fields = ["token_hash"]


# allauth's own admin searches a `username` our User has not.
admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "ip", "created_at", "last_seen_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["user", "ip", "user_agent", "created_at", "last_seen_at", "data"]

    def has_add_permission(self, request):
        return False  # sessions open by logging in
