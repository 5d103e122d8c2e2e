from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services de mobilité")

    def ready(self):
        from beneficiaries import retention, timeline
        from mobilex.navigation import NavItem, register
        from services.retention import erase_free_text
        from services.timeline import STREAMS

        for stream in STREAMS:
            timeline.register(stream)
        retention.register_eraser(erase_free_text)
        vehicles, services = _("Véhicules"), _("Services")
        for label, url_name, order, group in (
            (_("Aujourd'hui"), "services_today", 30, vehicles),
            (_("Disponibilités"), "services_availability", 31, vehicles),
            (_("Calendrier"), "services_week", 32, vehicles),
            (_("Flotte"), "services_vehicles", 33, vehicles),
            (_("Covoiturage"), "services_rides", 34, services),
            (_("TUS"), "services_tus", 35, services),
            (_("Ateliers"), "services_sessions", 36, services),
            (_("Événements pros"), "services_events", 37, services),
            (_("Tarifs et règles"), "services_rates", 38, vehicles),
            (_("Offre publiée"), "services_offer", 39, services),
        ):
            register(NavItem(label, url_name, order=order, group=group))
