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
        mine = ((Role.SOCIAL_WORKER, _("Mes bénéficiaires")),)
        register(NavItem(_("Bénéficiaires"), "beneficiary_list", order=10, labels=mine))
        register(NavItem(_("Orientations"), "referral_list", order=11))
        register(NavItem(_("Doublons probables"), "probable_duplicates", order=12))
        register(NavItem(_("Importer"), "beneficiary_import", order=13))
