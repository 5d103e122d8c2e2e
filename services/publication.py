"""The antennas' offer in the data·inclusion schema v1: each published antenna is a `structure`
and each published service a `service`. One place turns our rows into the schema's records and
validates them with the schema's own models (PyPI `data-inclusion-schema`); the public API, the
CSV and the managers' preview all use it."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from pydantic import ValidationError

from antennas.models import Antenna, Commune
from services.catalogue import ServiceKind
from services.models import PublicProfile, PublishedService

SOURCE = "mobilex"

# data·inclusion's type and mobility thématiques of each service of the bouquet.
KIND_SCHEMA: dict[str, tuple[str, list[str]]] = {
    ServiceKind.EBIKE_TRAINING: ("formation", ["mobilite--mobilite-douce-partagee-collective"]),
    ServiceKind.EBIKE_RENTAL: (
        "aide-materielle",
        ["mobilite--acceder-a-un-vehicule", "mobilite--mobilite-douce-partagee-collective"],
    ),
    ServiceKind.CAR_SHARING: ("aide-materielle", ["mobilite--acceder-a-un-vehicule"]),
    ServiceKind.SCOOTER_RENTAL: ("aide-materielle", ["mobilite--acceder-a-un-vehicule"]),
    ServiceKind.CARPOOLING: (
        "accompagnement",
        ["mobilite--mobilite-douce-partagee-collective"],
    ),
    ServiceKind.TUS: (
        "accompagnement",
        ["mobilite--mobilite-douce-partagee-collective", "mobilite--financer-ma-mobilite"],
    ),
    ServiceKind.WORKSHOP: ("atelier", ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]),
}


def structure_id(antenna: Antenna) -> str:
    return f"{SOURCE}--{antenna.slug}"


def e164(phone: str) -> str | None:
    """A French number as E.164, which data·inclusion prefers ("03 88 …" → "+33388…")."""
    digits = "".join(c for c in phone if c.isdigit())
    if phone.strip().startswith("+"):
        return "+" + digits
    if len(digits) == 10 and digits.startswith("0"):
        return "+33" + digits[1:]
    return digits or None


def _address(antenna: Antenna) -> dict:
    commune = antenna.commune
    return {
        "commune": commune.name,
        "code_postal": commune.postal_code,
        "code_insee": commune.insee_code,
        "adresse": antenna.address or None,
        "latitude": float(commune.latitude),
        "longitude": float(commune.longitude),
    }


def structure_record(profile: PublicProfile) -> dict:
    antenna = profile.antenna
    return {
        "source": SOURCE,
        "id": structure_id(antenna),
        "nom": antenna.name,
        "date_maj": profile.updated_at.date().isoformat(),
        "description": profile.description or None,
        "siret": profile.siret or None,
        **_address(antenna),
        "telephone": e164(profile.phone) if profile.phone else None,
        "courriel": profile.email or None,
        "site_web": profile.website or None,
        "horaires_accueil": profile.opening_hours or None,
        "accessibilite_lieu": profile.accessibility_url or None,
        "reseaux_porteurs": None,
    }


def service_record(service: PublishedService, profile: PublicProfile | None) -> dict:
    antenna = service.antenna
    kind_type, thematiques = KIND_SCHEMA[service.kind]
    communes = service.communes.all() or antenna.territory.communes.all()
    email = profile.email if profile else ""
    modes = ["telephoner", "se-presenter"] + (["envoyer-un-courriel"] if email else [])
    return {
        "source": SOURCE,
        "structure_id": structure_id(antenna),
        "id": f"{structure_id(antenna)}--{service.kind.replace('_', '-')}",
        "nom": service.name,
        "description": service.description,
        "date_maj": max(service.updated_at, profile.updated_at if profile else service.updated_at)
        .date()
        .isoformat(),
        "type": kind_type,
        "thematiques": thematiques,
        "frais": service.fees,
        "frais_precisions": service.fees_details or None,
        "publics": service.publics or None,
        "conditions_acces": service.access_conditions or None,
        **_address(antenna),
        "telephone": e164(profile.phone) if profile and profile.phone else None,
        "courriel": email or None,
        "modes_accueil": ["en-presentiel"],
        "zone_eligibilite": sorted(c.insee_code for c in communes) or None,
        "modes_mobilisation": modes,
        "mobilisable_par": ["professionnels", "usagers"],
        "mobilisation_precisions": _(
            "Sur orientation d'un·e professionnel·le (travailleur social, France Travail, "
            "structure d'insertion…) ou en se présentant à l'antenne."
        ),
        "horaires_accueil": service.opening_hours
        or (profile.opening_hours if profile else "")
        or None,
    }


def schema_errors(record: dict, *, model: str) -> list[str]:
    """What the data·inclusion schema refuses in a record, in its own words (empty if valid)."""
    from data_inclusion.schema import v1

    schema = {"structure": v1.Structure, "service": v1.Service}[model]
    try:
        schema.model_validate(record)
    except ValidationError as error:
        return [f"{'.'.join(map(str, e['loc']))} : {e['msg']}" for e in error.errors()]
    return []


# -- what is published ------------------------------------------------------------------------


def published_structures() -> QuerySet[PublicProfile]:
    return PublicProfile.objects.filter(published=True).select_related("antenna__commune")


def published_services() -> QuerySet[PublishedService]:
    """Published services of published antennas, with all a record needs in 3 queries."""
    territory_communes = Prefetch(
        "antenna__territory__communes", queryset=Commune.objects.only("insee_code")
    )
    return (
        PublishedService.objects.filter(published=True, antenna__public_profile__published=True)
        .select_related("antenna__commune", "antenna__territory", "antenna__public_profile")
        .prefetch_related(Prefetch("communes", queryset=Commune.objects.only("insee_code")))
        .prefetch_related(territory_communes)
    )


def structure_records(profiles: Iterable[PublicProfile]) -> list[dict]:
    return [structure_record(p) for p in profiles]


def service_records(services: Iterable[PublishedService]) -> list[dict]:
    return [service_record(s, s.antenna.public_profile) for s in services]


# -- what a manager sees ----------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    score: int  # percent of the recommended fields filled
    missing: list[str]


def _completeness(checks: list[tuple[bool, str]]) -> Completeness:
    missing = [label for filled, label in checks if not filled]
    return Completeness(round(100 * (len(checks) - len(missing)) / len(checks)), missing)


def profile_completeness(profile: PublicProfile) -> Completeness:
    return _completeness(
        [
            (bool(profile.description), _("présentation")),
            (bool(profile.siret), _("SIRET")),
            (bool(profile.phone), _("téléphone")),
            (bool(profile.email), _("courriel")),
            (bool(profile.opening_hours), _("horaires d'accueil")),
            (bool(profile.website), _("site web")),
            (bool(profile.accessibility_url), _("page Accèslibre")),
        ]
    )


def service_completeness(service: PublishedService, profile: PublicProfile) -> Completeness:
    return _completeness(
        [
            # data·inclusion recommends 200 to 2 000 characters.
            (len(service.description) >= 200, _("description d'au moins 200 caractères")),
            (bool(service.publics), _("publics")),
            (
                service.fees == "gratuit" or bool(service.fees_details),
                _("précisions sur les frais"),
            ),
            (bool(service.access_conditions), _("conditions d'accès")),
            (
                bool(service.opening_hours or profile.opening_hours),
                _("horaires"),
            ),
            (bool(profile.phone or profile.email), _("contact")),
        ]
    )
