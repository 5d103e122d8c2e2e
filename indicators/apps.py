from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicateurs PCAET")

    def ready(self):
        from mobilex.navigation import NavItem, register

        register(NavItem(_("Objectifs"), "indicators_targets", order=10))
        register(NavItem(_("Rapports"), "indicators_reports", order=20))
        steering = _("Pilotage")
        register(NavItem(_("Indicateurs"), "indicators_antenna", order=80, group=steering))
        register(NavItem(_("Rapport TUS"), "indicators_tus", order=85, group=steering))
