from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Messages (SMS et e-mails)")

    def ready(self):
        from beneficiaries import timeline
        from mobilex.navigation import NavItem, register
        from notifications import signals
        from notifications.timeline import STREAMS

        signals.connect()
        for stream in STREAMS:
            timeline.register(stream)
        register(
            NavItem(
                _("Messages"),
                "notification_log",
                order=40,
                group=_("Services"),
            )
        )
