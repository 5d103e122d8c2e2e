from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services de mobilité")

    def ready(self):
        from antennas.models import Role
        from beneficiaries import timeline
        from mobilex.navigation import NavItem, register
        from services.timeline import PROVIDERS

        for provider in PROVIDERS:
            timeline.register(provider)
        team = frozenset({Role.MANAGER, Role.STAFF})
        for label, url_name, order in (
            (_("Aujourd'hui"), "services_today", 30),
            (_("Disponibilités"), "services_availability", 31),
            (_("Calendrier"), "services_week", 32),
            (_("Flotte"), "services_vehicles", 33),
            (_("Covoiturage"), "services_rides", 34),
            (_("TUS"), "services_tus", 35),
            (_("Ateliers"), "services_sessions", 36),
            (_("Événements pros"), "services_events", 37),
        ):
            register(NavItem(label, url_name, team, order=order))
        register(
            NavItem(_("Tarifs et règles"), "services_rates", frozenset({Role.MANAGER}), order=38)
        )
