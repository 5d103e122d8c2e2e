from django.contrib import admin

from indicators.models import AssociationProfile, EmissionFactor, Report, Target


@admin.register(EmissionFactor)
class EmissionFactorAdmin(admin.ModelAdmin):
    list_display = ["mode", "quantity", "value", "unit", "per_occupant", "version", "valid_from"]
    list_filter = ["quantity", "mode", "version"]
    search_fields = ["source", "version", "notes"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["territory", "year", "indicator", "value", "set_by", "updated_at"]
    list_filter = ["territory", "year"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["territory", "year", "status", "progress", "requested_at", "generated_at"]
    list_filter = ["status", "territory", "year"]
    readonly_fields = ["file", "checksum", "size", "factor_versions", "error", "changes"]
    # The frozen document holds the hidden counts the audit of later reports needs: not shown,
    # and never edited (every later report is audited against it).
    exclude = ["document"]


@admin.register(AssociationProfile)
class AssociationProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "antenna", "rna_number", "updated_at"]
