"""Demo people for `manage.py seed_demo`: a few hundred in Betschdorf and Bischwiller, a handful in
Strasbourg, with referrals, diagnostics, notes and exits. Idempotent; bulk inserts."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from antennas.models import Commune
from beneficiaries.models import (
    Beneficiary,
    Diagnostic,
    Gender,
    Goal,
    Licence,
    Note,
    Outcome,
    Referral,
    Situation,
    TransportAutonomy,
)
from services.catalogue import ServiceKind

LAST_NAMES = [
    "Muller",
    "Schmitt",
    "Meyer",
    "Weber",
    "Klein",
    "Wolff",
    "Fischer",
    "Roth",
    "Kieffer",
    "Heitz",
    "Schneider",
    "Zimmermann",
    "Hoffmann",
    "Koenig",
    "Lang",
    "Becker",
    "Walter",
    "Wagner",
    "Frey",
    "Martin",
    "Bernard",
    "Dubois",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "Haddad",
    "Benali",
    "Yilmaz",
    "Kaya",
    "Diallo",
    "Traoré",
    "Nguyen",
    "Da",
    "Silva",
    "Ferreira",
    "Rossi",
    "Keller",
    "Jung",
    "Ott",
    "Stoeckel",
    "Hœrdt",
    "Schœnfelder",
    "Grün",
    "Bauer",
    "Haas",
    "Metzger",
    "Ringeisen",
]
FIRST_NAMES = {
    Gender.FEMALE: [
        "Marie",
        "Léa",
        "Chloé",
        "Sarah",
        "Inès",
        "Camille",
        "Julie",
        "Manon",
        "Fatima",
        "Aïcha",
        "Élodie",
        "Nadia",
        "Céline",
        "Sandrine",
        "Emma",
        "Zoé",
        "Yasmine",
        "Hélène",
        "Françoise",
        "Monique",
    ],
    Gender.MALE: [
        "Thomas",
        "Lucas",
        "Nicolas",
        "Julien",
        "Kevin",
        "Mehdi",
        "Karim",
        "Mamadou",
        "Jérôme",
        "Christophe",
        "Florian",
        "Hugo",
        "Théo",
        "Yannick",
        "Patrick",
        "Ahmed",
        "Sébastien",
        "Loïc",
        "Mathieu",
        "Serge",
    ],
}
STREETS = (
    "rue Principale",
    "rue de l'Église",
    "rue des Vergers",
    "rue du Moulin",
    "rue des Potiers",
    "route de Haguenau",
    "rue de la Gare",
)
REASONS = (
    "Rejoindre le chantier d'insertion sans véhicule",
    "Entretien d'embauche à Haguenau, pas de transport aux horaires",
    "Formation qualifiante à Bischwiller, trajets quotidiens",
    "Rendez-vous médicaux réguliers à Wissembourg",
    "Reprise d'emploi en horaires décalés",
)
NOTES = (
    "Premier entretien : motivée, pas de permis, vélo possible.",
    "Appel : a commencé la formation VAE.",
    "Point d'étape avec la référente, trajets réguliers.",
    "Absente au rendez-vous, message laissé.",
    "Code obtenu, inscription à l'auto-école solidaire envisagée.",
)
SITUATIONS = [s for s, _ in Situation.choices]
SERVICES = [s for s, _ in ServiceKind.choices]


def _people(network, rng, antenna, count, referrers, communes, today):
    """`referrers`: the referring structures, each with its weight."""
    users = {network.structures["aci"].pk: network.users["social_worker"]}
    people = []
    for _ in range(count):
        gender = rng.choice([Gender.FEMALE, Gender.MALE])
        structure = rng.choices(list(referrers), list(referrers.values()))[0]
        status = rng.choices(list(Beneficiary.Status.values), (25, 50, 25))[0]
        entry = today - timedelta(days=rng.randint(20, 600)) if status != "referred" else None
        exit_date = (
            min(today, entry + timedelta(days=rng.randint(60, 400))) if status == "exited" else None
        )
        person = Beneficiary(
            antenna=antenna,
            referring_structure=structure,
            referent=users.get(structure.pk),
            last_name=rng.choice(LAST_NAMES),
            first_name=rng.choice(FIRST_NAMES[gender]),
            birth_date=today - timedelta(days=rng.randint(18 * 365, 67 * 365)),
            gender=gender,
            phone=f"0{rng.choice('67')} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
            if rng.random() < 0.85
            else "",
            email=f"contact{rng.randint(1000, 99999)}@example.org" if rng.random() < 0.35 else "",
            commune=rng.choice(communes),
            address=f"{rng.randint(1, 60)} {rng.choice(STREETS)}",
            situation=rng.choice(SITUATIONS),
            resources_yearly=Decimal(rng.randrange(4000, 16000, 50)),
            has_c2s=rng.random() < 0.4,
            licence=rng.choices(list(Licence.values), (10, 15, 15, 15, 10, 35))[0],
            can_ride_bike=rng.choice([True, True, False, None]),
            transport_autonomy=rng.choice(list(TransportAutonomy.values)),
            goals=sorted(rng.sample(list(Goal.values), rng.randint(1, 3))),
            status=status,
            entry_date=entry,
            exit_date=exit_date,
            exit_outcome=rng.choice(list(Outcome.values)) if exit_date else "",
            privacy_notice_on=(entry or today) - timedelta(days=rng.randint(0, 10)),
            last_contact_on=exit_date or today - timedelta(days=rng.randint(0, 60)),
        )
        person.refresh_search_fields()
        people.append(person)
    return Beneficiary.objects.bulk_create(people)


def _activity(network, rng, people, today):
    referrals, diagnostics, notes = [], [], []
    sw = network.users["social_worker"]
    staff = network.users["staff"]
    for person in people:
        sent = timezone.now() - timedelta(days=rng.randint(1, 30))
        if person.entry_date:
            sent = timezone.make_aware(
                timezone.datetime.combine(
                    person.entry_date - timedelta(days=7), timezone.datetime.min.time()
                )
            )
        status = "sent" if person.status == "referred" else "accepted"
        referrals.append(
            Referral(
                antenna=person.antenna,
                beneficiary=person,
                structure=person.referring_structure,
                social_worker=person.referent,
                services_requested=rng.sample(SERVICES, rng.randint(1, 2)),
                reason=rng.choice(REASONS),
                status=status,
                sent_at=sent,
                decided_at=sent + timedelta(days=2) if status == "accepted" else None,
                decided_by=staff if status == "accepted" else None,
            )
        )
        if rng.random() < 0.7:
            diagnostics.append(
                Diagnostic(
                    antenna=person.antenna,
                    beneficiary=person,
                    author=person.referent or sw,
                    structure=person.referring_structure,
                    made_on=(person.entry_date or today) - timedelta(days=rng.randint(0, 5)),
                    licence=person.licence,
                    highway_code=rng.choice(list(Diagnostic.HighwayCode.values)),
                    bike=rng.choice(list(Diagnostic.Level.values)),
                    public_transport=rng.choice(list(Diagnostic.Level.values)),
                    map_reading=rng.choice(list(Diagnostic.Level.values)),
                    digital_skills=rng.choice(list(Diagnostic.Level.values)),
                    distance_km=Decimal(rng.randint(3, 45)),
                    destinations=rng.choice(
                        ("Haguenau", "Soufflenheim", "Wissembourg", "Bischwiller")
                    ),
                    recommended_services=rng.sample(SERVICES, rng.randint(1, 3)),
                )
            )
        for _ in range(rng.randint(0, 3)):
            notes.append(
                Note(
                    antenna=person.antenna,
                    beneficiary=person,
                    author=staff,
                    text=rng.choice(NOTES),
                    confidential=False,
                    created_at=timezone.now() - timedelta(days=rng.randint(0, 200)),
                )
            )
    # one refused referral in a few records, for the inbox history
    for referral in rng.sample(referrals, min(8, len(referrals))):
        if referral.status == "sent":
            referral.status, referral.refusal_reason = "refused", "Hors du périmètre de l'antenne"
            referral.decided_at, referral.decided_by = referral.sent_at + timedelta(days=1), staff
    Referral.objects.bulk_create(referrals)
    Diagnostic.objects.bulk_create(diagnostics)
    Note.objects.bulk_create(notes)


def seed(network, rng):
    if Beneficiary.objects.filter(antenna=network.betschdorf).exists():
        return
    today = timezone.localdate()
    petr = list(Commune.objects.filter(territories=network.petr))
    strasbourg = list(Commune.objects.filter(insee_code="67482"))
    # antenna, how many people, their communes, referring structures with their weights
    antennas = [
        (network.betschdorf, 220, petr, dict(aci=40, ai=12, ei=12, etti=10, ft=14, ml=12)),
        (network.bischwiller, 160, petr, dict(aci=10, ai=20, etti=15, ft=20, ml=15, ccas=20)),
        (network.strasbourg, 12, strasbourg, dict(sbg=1)),
    ]
    people = []
    for antenna, count, communes, weights in antennas:
        referrers = {network.structures[key]: weight for key, weight in weights.items()}
        people += _people(network, rng, antenna, count, referrers, communes, today)
    _activity(network, rng, people, today)
