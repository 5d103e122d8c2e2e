"""Who may use what.

TUS (Code des transports R3133-1): eligible by residence OR by resources; either is enough and
the one that applied is recorded. The ministry's list of eligible communes (rural communes and
urban units under 12 000 inhabitants) is not loaded in the platform: as a stand-in, residence in
a rural commune of INSEE's grille communale de densité (levels 5 to 7) is used, and the record
says so with the grid's vintage (DOMAIN.md: never derive one list from another silently)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from beneficiaries.models import VALID_LICENCES, Referral, Situation
from services.models import Registration, Session, TusMembership, Vehicle

# C2S income ceiling for one person in mainland France from 1 April 2025.
C2S_CEILING_YEARLY = Decimal("10339")
MINIMUM_INCOME_SITUATIONS = (Situation.RSA, Situation.ASS, Situation.AAH)
CAR_KINDS = (
    Vehicle.Kind.CAR,
    Vehicle.Kind.ELECTRIC_CAR,
    Vehicle.Kind.ADAPTED,
    Vehicle.Kind.MINIBUS,
)

# A person eligible by residence alone travels within the rural area or to a multimodal hub of a
# neighbouring urban unit (R3133-1). Stand-in list of hubs: the communes (INSEE codes, all in
# antennas/data/communes.csv) of the railway stations of the territory's neighbouring urban units.
TUS_HUBS = {
    "67180": "Haguenau",
    "67046": "Bischwiller",
    "67544": "Wissembourg",
    "67482": "Strasbourg",
    "67324": "Niederbronn-les-Bains",
}


@dataclass(frozen=True)
class TusEligibility:
    basis: str  # TusMembership.Basis
    detail: str


def low_resources_reason(beneficiary) -> str | None:
    """Why a person counts as having low resources (TUS resources criterion, reduced prices)."""
    if beneficiary.has_c2s:
        return _("bénéficie de la C2S")
    if (
        beneficiary.resources_yearly is not None
        and beneficiary.resources_yearly <= C2S_CEILING_YEARLY
    ):
        return _("ressources de %(amount)s € par an, sous le plafond de la C2S (10 339 €)") % {
            "amount": beneficiary.resources_yearly
        }
    if beneficiary.situation in MINIMUM_INCOME_SITUATIONS:
        return _("bénéficiaire d'un minimum social (%(situation)s)") % {
            "situation": beneficiary.get_situation_display()
        }
    return None


def tus_eligibility(beneficiary) -> TusEligibility | None:
    commune = beneficiary.commune
    if commune.is_rural:
        return TusEligibility(
            TusMembership.Basis.RESIDENCE,
            _(
                "réside à %(commune)s, commune rurale (grille communale de densité INSEE "
                "%(vintage)s, niveau %(level)s), retenue à défaut de la liste ministérielle"
            )
            % {
                "commune": commune.name,
                "vintage": commune.density_vintage,
                "level": commune.density_level,
            },
        )
    reason = low_resources_reason(beneficiary)
    if reason:
        return TusEligibility(TusMembership.Basis.RESOURCES, reason)
    return None


def residence_trip_refusal(commune) -> str | None:
    """Why a member by residence alone may not be driven to or from `commune` (None: allowed)."""
    if commune.is_rural or commune.pk in TUS_HUBS:
        return None
    return _(
        "Adhésion au titre de la résidence : le trajet reste en commune rurale ou rejoint le "
        "pôle multimodal d'une unité urbaine voisine (%(hubs)s) ; %(commune)s n'en est pas un."
    ) % {"hubs": ", ".join(TUS_HUBS.values()), "commune": commune.name}


def rental_refusals(*, settings, vehicle, beneficiary) -> list[str]:
    """The antenna's switched-on rules that this rental breaks (empty: allowed)."""
    if beneficiary.anonymised_at is not None or beneficiary.status == beneficiary.Status.EXITED:
        # The forms offer only people followed (services/picker.py); the API is held here too.
        return [_("Cette personne n'est plus suivie par l'antenne (sortie ou anonymisée).")]
    refusals = []
    if (
        settings.require_accepted_referral
        and not Referral.objects.filter(
            beneficiary=beneficiary, status=Referral.Status.ACCEPTED
        ).exists()
    ):
        refusals.append(_("Cette personne n'a pas d'orientation acceptée."))
    if (
        settings.require_licence_for_car
        and vehicle.kind in CAR_KINDS
        and beneficiary.licence not in VALID_LICENCES
    ):
        refusals.append(_("Cette personne n'a pas de permis de conduire valide."))
    if settings.require_ebike_training and vehicle.kind == Vehicle.Kind.EBIKE:
        trained = Registration.objects.filter(
            beneficiary=beneficiary,
            session__kind=Session.Kind.EBIKE_TRAINING,
            attendance=Registration.Attendance.PRESENT,
        ).exists()
        if not trained:
            refusals.append(_("Cette personne n'a pas encore suivi la formation au VAE."))
    return refusals
