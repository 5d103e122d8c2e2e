from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Facturation")

    def ready(self):
        from mobilex.navigation import NavItem, register

        register(
            NavItem(
                _("Caisse et cautions"),
                "billing_home",
                order=39,
                group=_("Véhicules"),
            )
        )
        register(
            NavItem(
                _("Incidents"),
                "billing_incidents",
                order=39,
                group=_("Véhicules"),
            )
        )
        register(
            NavItem(
                _("Contrats signés"),
                "billing_documents",
                order=40,
            )
        )
        register(
            NavItem(
                _("Règlement de location"),
                "billing_rules",
                order=41,
                group=_("Véhicules"),
            )
        )
