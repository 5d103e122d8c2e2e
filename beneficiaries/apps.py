from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeneficiariesConfig(AppConfig):
    name = "beneficiaries"
    verbose_name = _("Bénéficiaires")

    def ready(self):
        from antennas.models import Role
        from beneficiaries import journey, timeline
        from mobilex.navigation import NavItem, register

        for stream in journey.STREAMS:
            timeline.register(stream)
        team = frozenset({Role.MANAGER, Role.STAFF})
        register(NavItem(_("Bénéficiaires"), "beneficiary_list", team, order=10))
        register(NavItem(_("Orientations"), "referral_list", team, order=11))
        managers = frozenset({Role.MANAGER})
        register(NavItem(_("Doublons probables"), "probable_duplicates", managers, order=12))
        register(NavItem(_("Importer"), "beneficiary_import", managers, order=13))
        register(
            NavItem(
                _("Mes bénéficiaires"),
                "beneficiary_list",
                frozenset({Role.SOCIAL_WORKER}),
                order=10,
            )
        )
