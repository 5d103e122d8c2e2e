"""Demo network for `manage.py seed_demo`: idempotent, looked up by slugs and e-mails."""

from dataclasses import dataclass, field
from datetime import date

from allauth.account.models import EmailAddress

from antennas.communes import PETR_SLUG, petr_insee_codes
from antennas.models import Antenna, Commune, Membership, Role, Structure, Territory, User

DEMO_PASSWORD = "mobilex-demo"  # noqa: S105 (published in the README, demo data only)


@dataclass
class DemoNetwork:
    petr: Territory
    other_territory: Territory
    bischwiller: Antenna
    betschdorf: Antenna
    strasbourg: Antenna
    structures: dict[str, Structure]
    users: dict[str, User]
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (e-mail, what it shows)


STRUCTURES = [
    # key, name, kind, INSEE code of the commune, SIRET, antennas
    ("aci", "Chantier d'insertion Les Jardins de la Moder", "aci", "67180", "44190382100011", "bb"),
    ("ai", "Association intermédiaire Nord Alsace Services", "ai", "67046", "41234567800019", "bb"),
    ("ei", "Entreprise d'insertion Recyclerie de la Sauer", "ei", "67339", "50987654300027", "b"),
    ("etti", "ETTI Intérim Solidaire du Nord", "etti", "67180", "79912345600014", "bb"),
    ("ft", "France Travail Haguenau", "france_travail", "67180", None, "bb"),
    ("ml", "Mission locale d'Alsace du Nord", "mission_locale", "67180", None, "bb"),
    ("ccas", "CCAS de Bischwiller", "ccas", "67046", None, "i"),
    ("sbg", "Atelier d'insertion du Neudorf", "aci", "67482", "82345678900012", "s"),
]


def _antennas_for(code, bischwiller, betschdorf, strasbourg):
    return {
        "bb": [bischwiller, betschdorf],
        "b": [betschdorf],
        "i": [bischwiller],
        "s": [strasbourg],
    }[code]


def _user(email, first_name, last_name, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _member(user, *, role, antenna=None, territory=None, structure=None):
    Membership.objects.get_or_create(
        user=user,
        antenna=antenna,
        territory=territory,
        defaults={"role": role, "structure": structure},
    )


def seed_network() -> DemoNetwork:
    petr, _ = Territory.objects.get_or_create(
        slug=PETR_SLUG,
        defaults={
            "name": "PETR de l'Alsace du Nord",
            "kind": Territory.Kind.PETR,
            "siren": "200083392",
        },
    )
    petr.communes.set(Commune.objects.filter(insee_code__in=petr_insee_codes()))
    other, _ = Territory.objects.get_or_create(
        slug="eurometropole-strasbourg",
        defaults={
            "name": "Eurométropole de Strasbourg",
            "kind": Territory.Kind.EPCI,
            "siren": "246700488",
        },
    )
    other.communes.set(Commune.objects.filter(insee_code="67482"))

    def antenna(slug, name, territory, insee, status, opened, address):
        obj, _ = Antenna.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "territory": territory,
                "commune_id": insee,
                "status": status,
                "opened_on": opened,
                "address": address,
            },
        )
        return obj

    bischwiller = antenna(
        "bischwiller",
        "Antenne de Bischwiller",
        petr,
        "67046",
        Antenna.Status.OPERATING,
        date(2019, 9, 2),
        "12 rue du Général Leclerc, 67240 Bischwiller",
    )
    betschdorf = antenna(
        "betschdorf",
        "Antenne rurale de Betschdorf",
        petr,
        "67339",
        Antenna.Status.EXPERIMENTING,
        date(2024, 3, 4),
        "3 rue des Potiers, 67660 Betschdorf",
    )
    strasbourg = antenna(
        "strasbourg",
        "Antenne de Strasbourg",
        other,
        "67482",
        Antenna.Status.OPERATING,
        date(2018, 1, 15),
        "8 rue de la Course, 67000 Strasbourg",
    )

    structures = {}
    for key, name, kind, insee, siret, where in STRUCTURES:
        structure, _ = Structure.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "commune_id": insee,
                "siret": siret,
                "approval_start": date(2023, 1, 1) if kind in Structure.SIAE_KINDS else None,
                "approval_end": date(2027, 12, 31) if kind in Structure.SIAE_KINDS else None,
            },
        )
        structure.antennas.add(*_antennas_for(where, bischwiller, betschdorf, strasbourg))
        structures[key] = structure

    users = {
        "manager": _user("responsable@mobilex.example", "Claire", "Muller"),
        "staff": _user("conseiller@mobilex.example", "Yannick", "Weber"),
        "social_worker": _user("referente@mobilex.example", "Samira", "Haddad"),
        "officer": _user("pcaet@mobilex.example", "Julien", "Schneider"),
        "multi": _user("double@mobilex.example", "Léa", "Koenig"),
        "strasbourg": _user("strasbourg@mobilex.example", "Marc", "Lévy"),
        "admin": _user(
            "admin@mobilex.example", "Admin", "Plateforme", is_staff=True, is_superuser=True
        ),
    }
    _member(users["manager"], role=Role.MANAGER, antenna=betschdorf)
    _member(users["staff"], role=Role.STAFF, antenna=betschdorf)
    _member(
        users["social_worker"],
        role=Role.SOCIAL_WORKER,
        antenna=betschdorf,
        structure=structures["aci"],
    )
    _member(users["officer"], role=Role.OFFICER, territory=petr)
    _member(users["multi"], role=Role.MANAGER, antenna=bischwiller)
    _member(users["multi"], role=Role.STAFF, antenna=betschdorf)
    _member(users["strasbourg"], role=Role.MANAGER, antenna=strasbourg)

    accounts = [
        ("responsable@mobilex.example", "responsable de l'antenne rurale de Betschdorf"),
        ("conseiller@mobilex.example", "conseiller mobilité à Betschdorf"),
        ("referente@mobilex.example", "référente du chantier d'insertion (Betschdorf)"),
        ("pcaet@mobilex.example", "chargé de mission PCAET du PETR"),
        ("double@mobilex.example", "responsable à Bischwiller et conseillère à Betschdorf"),
        ("strasbourg@mobilex.example", "responsable de l'antenne de Strasbourg (autre territoire)"),
        ("admin@mobilex.example", "administrateur de la plateforme (/admin/)"),
    ]
    return DemoNetwork(
        petr=petr,
        other_territory=other,
        bischwiller=bischwiller,
        betschdorf=betschdorf,
        strasbourg=strasbourg,
        structures=structures,
        users=users,
        accounts=accounts,
    )
