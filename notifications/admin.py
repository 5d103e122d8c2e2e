from django.contrib import admin

from notifications.models import Notification, SmsOptOut


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "antenna", "channel", "template", "status", "attempts"]
    list_filter = ["status", "channel", "template"]
    readonly_fields = [f.name for f in Notification._meta.fields]


admin.site.register(SmsOptOut)
