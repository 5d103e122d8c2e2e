"""Home-page panels of the people followed (antennas/home.py)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antennas.home import Panel
from beneficiaries.models import Beneficiary, Referral


def home_panels(membership) -> list[Panel]:
    slug = {"antenna_slug": membership.antenna.slug}
    counts = (
        Beneficiary.objects.visible_to(membership)
        .filter(anonymised_at__isnull=True)
        .aggregate(
            active=Count("pk", filter=Q(status=Beneficiary.Status.ACTIVE)),
            referred=Count("pk", filter=Q(status=Beneficiary.Status.REFERRED)),
        )
    )
    waiting = Referral.objects.visible_to(membership).filter(status=Referral.Status.SENT).count()
    people = Panel(
        _("Personnes accompagnées"),
        counts["active"],
        reverse("beneficiary_list", kwargs=slug) + "?status=active",
        ngettext(
            "%(n)s personne orientée, pas encore accompagnée",
            "%(n)s personnes orientées, pas encore accompagnées",
            counts["referred"],
        )
        % {"n": counts["referred"]},
    )
    if membership.is_antenna_team:
        referrals = Panel(
            _("Orientations à traiter"),
            waiting,
            reverse("referral_list", kwargs=slug),
            _("envoyées par les structures partenaires"),
        )
    else:
        referrals = Panel(
            _("Orientations en attente"),
            waiting,
            reverse("beneficiary_list", kwargs=slug) + "?status=referred",
            _("envoyées par votre structure, sans réponse de l'antenne"),
        )
    return [referrals, people]
