from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicateurs PCAET")

    def ready(self):
        from antennas.models import Role
        from mobilex.navigation import NavItem, register

        officer = frozenset({Role.OFFICER})
        register(NavItem(_("Objectifs"), "indicators_targets", officer, "territory", order=10))
        register(NavItem(_("Rapports"), "indicators_reports", officer, "territory", order=20))
        team = frozenset({Role.MANAGER, Role.STAFF})
        steering = _("Pilotage")
        register(NavItem(_("Indicateurs"), "indicators_antenna", team, order=80, group=steering))
        register(
            NavItem(
                _("Rapport TUS"),
                "indicators_tus",
                frozenset({Role.MANAGER}),
                order=85,
                group=steering,
            )
        )
