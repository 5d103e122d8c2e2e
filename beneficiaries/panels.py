"""Home-page panels of the people followed (antennas/home.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antennas.home import Panel
from beneficiaries.models import Beneficiary, Referral
from mobilex import pagination


def home_panels(membership) -> list[Panel]:
    slug = {"antenna_slug": membership.antenna.slug}
    # Bounded counts (three index scans of at most 10 001 entries): the home page costs the
    # same with 1 000 or 1 000 000 people.
    people = Beneficiary.objects.visible_to(membership).filter(anonymised_at__isnull=True)
    active = pagination.bounded_count(people.filter(status=Beneficiary.Status.ACTIVE))
    referred = pagination.bounded_count(people.filter(status=Beneficiary.Status.REFERRED))
    waiting = pagination.bounded_count(
        Referral.objects.visible_to(membership).filter(status=Referral.Status.SENT)
    )
    followed = Panel(
        _("Personnes accompagnées"),
        min(active, pagination.COUNT_LIMIT),
        reverse("beneficiary_list", kwargs=slug) + "?status=active",
        _plus(referred)
        + ngettext(
            "%(n)s personne orientée, pas encore accompagnée",
            "%(n)s personnes orientées, pas encore accompagnées",
            min(referred, pagination.COUNT_LIMIT),
        )
        % {"n": min(referred, pagination.COUNT_LIMIT)},
        more=active > pagination.COUNT_LIMIT,
    )
    if membership.is_antenna_team:
        referrals = Panel(
            _("Orientations à traiter"),
            min(waiting, pagination.COUNT_LIMIT),
            reverse("referral_list", kwargs=slug),
            _("envoyées par les structures partenaires"),
            more=waiting > pagination.COUNT_LIMIT,
        )
    else:
        referrals = Panel(
            _("Orientations en attente"),
            min(waiting, pagination.COUNT_LIMIT),
            reverse("beneficiary_list", kwargs=slug) + "?status=referred",
            _("envoyées par votre structure, sans réponse de l'antenne"),
            more=waiting > pagination.COUNT_LIMIT,
        )
    return [referrals, followed]


def _plus(count: int) -> str:
    return _("plus de ") if count > pagination.COUNT_LIMIT else ""
