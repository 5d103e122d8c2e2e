"""Indicators of PCAET action 1.3.3 (DOMAIN.md): what each figure means and how it is protected.

`counts_people` marks counts of persons: they fall under statistical secrecy (indicators.secrecy).
Counts of events, uses, vehicles or antennas and physical quantities are shown as they are."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2021  # the PCAET runs 2021–2027: trends start there


@dataclass(frozen=True)
class Group:
    code: str
    label: str


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label: str
    unit: str
    definition: str
    counts_people: bool = False
    decimals: int = 0
    maximum: int = 1_000_000  # a target above this is a typing error, not an ambition


GROUPS = [
    Group("exchanges", _("Échanges avec les territoires et les acteurs socioprofessionnels")),
    Group("antennas", _("Expérimentation d'antennes en commune rurale")),
    Group("services", _("Services déployés et bénéficiaires")),
    Group("effects", _("Effets : climat, énergie, air")),
]

INDICATORS = [
    Indicator(
        "events",
        "exchanges",
        _("Événements organisés"),
        _("événements"),
        _(
            "Actions de montée en compétence, échanges avec les territoires et EPCI, actions de "
            "sensibilisation tenues dans l'année."
        ),
        maximum=10_000,
    ),
    Indicator(
        "event_structures",
        "exchanges",
        _("Structures impliquées"),
        _("structures"),
        _("Structures partenaires distinctes ayant pris part à au moins un événement."),
        maximum=10_000,
    ),
    Indicator(
        "event_epcis",
        "exchanges",
        _("EPCI impliqués"),
        _("EPCI"),
        _("EPCI distincts (par SIREN) associés à au moins un événement."),
        maximum=1_000,
    ),
    Indicator(
        "event_participants",
        "exchanges",
        _("Participations aux événements"),
        _("participations"),
        _(
            "Somme des professionnel·les, élu·es et public présents. Décompte de présences à des "
            "réunions publiques, sans donnée individuelle : non soumis au secret."
        ),
        maximum=1_000_000,
    ),
    Indicator(
        "rural_antennas",
        "antennas",
        _("Antennes en commune rurale"),
        _("antennes"),
        _(
            "Antennes ouvertes au 31 décembre, en expérimentation ou en fonctionnement, dans une "
            "commune rurale (grille communale de densité INSEE, niveaux 5 à 7)."
        ),
        maximum=1_000,
    ),
    Indicator(
        "rural_beneficiaries",
        "antennas",
        _("Bénéficiaires des antennes rurales"),
        _("personnes"),
        _("Personnes accompagnées dans l'année par une antenne située en commune rurale."),
        counts_people=True,
    ),
    Indicator(
        "services_deployed",
        "services",
        _("Types de services déployés"),
        _("types de service"),
        _("Types de service du bouquet utilisés au moins une fois dans l'année."),
        maximum=20,
    ),
    Indicator(
        "uses",
        "services",
        _("Utilisations des services"),
        _("utilisations"),
        _("Locations rendues, trajets, covoiturages et présences aux ateliers de l'année."),
        maximum=10_000_000,
    ),
    Indicator(
        "users",
        "services",
        _("Personnes ayant utilisé un service"),
        _("personnes"),
        _("Bénéficiaires distinct·es avec au moins une utilisation dans l'année."),
        counts_people=True,
    ),
    Indicator(
        "followed",
        "services",
        _("Personnes accompagnées"),
        _("personnes"),
        _(
            "Bénéficiaires entré·es au plus tard le 31 décembre et non sorti·es avant le "
            "1er janvier de l'année."
        ),
        counts_people=True,
    ),
    Indicator(
        "new",
        "services",
        _("dont nouvelles personnes"),
        _("personnes"),
        _("Personnes accompagnées entrées dans l'année."),
        counts_people=True,
    ),
    Indicator(
        "continuing",
        "services",
        _("dont personnes déjà suivies"),
        _("personnes"),
        _("Personnes accompagnées entrées avant l'année."),
        counts_people=True,
    ),
    Indicator(
        "exits",
        "services",
        _("Sorties"),
        _("personnes"),
        _("Personnes sorties de l'accompagnement dans l'année, tous motifs."),
        counts_people=True,
    ),
    Indicator(
        "exits_job",
        "services",
        _("Sorties vers l'emploi ou la formation"),
        _("personnes"),
        _("Sorties pour un emploi durable, un emploi de transition ou une formation."),
        counts_people=True,
    ),
    Indicator(
        "km",
        "effects",
        _("Kilomètres parcourus avec les services"),
        _("km"),
        _("Somme des km des utilisations de l'année, tous modes."),
        maximum=100_000_000,
    ),
    Indicator(
        "co2e_avoided",
        "effects",
        _("Émissions évitées"),
        _("tCO2e"),
        _(
            "Σ km × (facteur du mode de référence − facteur du mode du service), facteurs Impact "
            "CO2 (ADEME) ; négatif si le service induit des déplacements."
        ),
        decimals=2,
        maximum=1_000_000,
    ),
    Indicator(
        "fuel_avoided",
        "effects",
        _("Carburant évité"),
        _("litres"),
        _("Σ km × (consommation du mode de référence − consommation du mode du service)."),
        maximum=100_000_000,
    ),
    Indicator(
        "energy_avoided",
        "effects",
        _("Énergie évitée"),
        _("kWh"),
        _("Carburant évité × 10 kWh par litre (convention ADEME Territoires en Transitions)."),
        maximum=1_000_000_000,
    ),
]

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
TARGET_CHOICES = [(indicator.code, indicator.label) for indicator in INDICATORS]


def by_group():
    return [
        (group, [indicator for indicator in INDICATORS if indicator.group == group.code])
        for group in GROUPS
    ]
