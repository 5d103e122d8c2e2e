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
