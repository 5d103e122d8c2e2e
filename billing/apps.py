from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Facturation")

    def ready(self):
        from antennas.models import Role
        from mobilex.navigation import NavItem, register

        register(
            NavItem(
                _("Caisse et cautions"),
                "billing_home",
                frozenset({Role.MANAGER, Role.STAFF}),
                order=39,
                group=_("Véhicules"),
            )
        )
        register(
            NavItem(
                _("Incidents"),
                "billing_incidents",
                frozenset({Role.MANAGER, Role.STAFF}),
                order=39,
                group=_("Véhicules"),
            )
        )
        register(
            NavItem(
                _("Contrats signés"),
                "billing_documents",
                frozenset({Role.MANAGER, Role.STAFF, Role.SOCIAL_WORKER}),
                order=40,
            )
        )
        register(
            NavItem(
                _("Règlement de location"),
                "billing_rules",
                frozenset({Role.MANAGER}),
                order=41,
                group=_("Véhicules"),
            )
        )
