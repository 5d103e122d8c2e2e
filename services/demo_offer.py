"""Demo: Betschdorf publishes its offer in data·inclusion; Bischwiller has a draft."""

from services.catalogue import ServiceKind
from services.models import PublicProfile, PublishedService

BETSCHDORF_SERVICES = {
    ServiceKind.EBIKE_RENTAL: (
        "Location solidaire de vélos à assistance électrique",
        "L'antenne prête des vélos à assistance électrique aux personnes qui ont besoin de se "
        "rendre à un emploi, une formation ou un rendez-vous et n'ont pas d'autre moyen de "
        "transport. Une prise en main est proposée avant la première location. Casque, antivol "
        "et gilet sont fournis.",
        "payant",
        "1,75 € par jour, caution de 380 € non encaissée, adhésion annuelle de 2 €",
    ),
    ServiceKind.TUS: (
        "Transport d'utilité sociale",
        "Des conducteurs bénévoles accompagnent en voiture les personnes qui habitent une commune "
        "rurale ou ont de faibles ressources, pour un rendez-vous médical, administratif ou un "
        "entretien d'embauche, dans un rayon de 100 km.",
        "payant",
        "Participation de 0,32 € par km au plus, adhésion annuelle de 2 €",
    ),
    ServiceKind.WORKSHOP: (
        "Ateliers mobilité",
        "Ateliers collectifs pour apprendre à lire un horaire, préparer un trajet en transports "
        "en commun, découvrir le vélo à assistance électrique ou préparer le code de la route.",
        "gratuit",
        "",
    ),
}


def seed(network, rng):
    profile, _created = PublicProfile.objects.update_or_create(
        antenna=network.betschdorf,
        defaults={
            "published": True,
            "description": "Antenne d'écomobilité solidaire de MOBILEX à Betschdorf : conseil "
            "mobilité, location de véhicules, transport solidaire et ateliers.",
            "phone": "03 88 54 00 00",
            "email": "betschdorf@mobilex.example",
            "opening_hours": "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        },
    )
    for kind, (name, description, fees, details) in BETSCHDORF_SERVICES.items():
        PublishedService.objects.update_or_create(
            antenna=network.betschdorf,
            kind=kind,
            defaults={
                "published": True,
                "name": name,
                "description": description,
                "fees": fees,
                "fees_details": details,
                "publics": ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux"],
                "access_conditions": "Sur orientation d'un·e prescripteur·rice ou après un "
                "entretien à l'antenne.",
            },
        )
    PublicProfile.objects.get_or_create(antenna=network.bischwiller)
