from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntennasConfig(AppConfig):
    name = "antennas"
    verbose_name = _("Réseau des antennes")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from antennas.memberships import track_session
        from antennas.models import Role

        # Every login, allauth's or Django's (invitations, tests), is tracked so that removing a
        # member can end their sessions (antennas/memberships.py).
        user_logged_in.connect(track_session, dispatch_uid="antennas.track_session")
        from mobilex.navigation import NavItem, register

        register(
            NavItem(
                _("Accueil"),
                "antenna_home",
                frozenset({Role.MANAGER, Role.STAFF, Role.SOCIAL_WORKER}),
                order=0,
            )
        )
        register(NavItem(_("Équipe"), "antenna_team", frozenset({Role.MANAGER}), order=90))
        register(NavItem(_("Statut"), "antenna_status", frozenset({Role.MANAGER}), order=91))
        register(
            NavItem(
                _("Territoire"), "territory_home", frozenset({Role.OFFICER}), "territory", order=0
            )
        )
