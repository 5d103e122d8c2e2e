"""Demo: the years before the platform. The Bischwiller antenna has followed people since 2021
(its earlier records entered as archived uses), so the report's N-1 columns and its trend mean
something; Betschdorf's status history (experiment in 2024, operating since 2025). Runs after
the beneficiaries' demo and before the services' one (which then also serves the people still
followed); idempotent; bulk inserts."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from antennas.models import AntennaStatusChange, Commune
from beneficiaries.demo import FIRST_NAMES, LAST_NAMES, SITUATIONS, STREETS
from beneficiaries.models import Beneficiary, Gender, Licence, Outcome, TransportAutonomy
from services.catalogue import Mode
from services.models import ProfessionalEvent, ServiceUse

ARCHIVE = "archive"  # ServiceUse.source_model of these rows
NEW_PEOPLE = {2021: 14, 2022: 22, 2023: 31, 2024: 40}  # Bischwiller's new people each year
LAST_ARCHIVED = date(2024, 12, 31)  # the services' demo records from 2025 on
# service, mode, km range, occupants range
USES = [
    ("ebike_rental", Mode.EBIKE, (15, 120), (1, 1)),
    ("car_sharing", Mode.CAR_ELECTRIC, (30, 220), (1, 1)),
    ("carpooling", Mode.CARPOOL, (8, 45), (2, 3)),
    ("tus", Mode.CAR_THERMAL, (10, 70), (1, 1)),
    ("workshop", Mode.WALK, (0, 0), (1, 1)),
]
REFERENCES = [Mode.CAR_THERMAL] * 5 + [Mode.COACH, Mode.BUS, Mode.NONE]


def seed(network, rng):
    if ServiceUse.objects.filter(source_model=ARCHIVE).exists():
        return
    today = timezone.localdate()
    _statuses(network)
    communes = list(Commune.objects.filter(territories=network.petr))
    structures = [network.structures[key] for key in ("ai", "etti", "ft", "ml", "ccas")]
    people = []
    for year, count in NEW_PEOPLE.items():
        for _ in range(count):
            people.append(_person(network.bischwiller, rng, year, today, communes, structures))
    people = Beneficiary.objects.bulk_create(people)
    uses, source = [], 0
    for person in people:
        day = person.entry_date + timedelta(days=rng.randint(3, 20))
        last = min(person.exit_date or LAST_ARCHIVED, LAST_ARCHIVED)
        while day <= last:
            service, mode, (low, high), (fewest, most) = rng.choice(USES)
            source += 1
            uses.append(
                ServiceUse(
                    antenna=person.antenna, beneficiary=person, service=service, used_on=day,
                    km=Decimal(rng.randint(low * 10, high * 10)) / 10, mode=mode,
                    reference_mode=Mode.NONE if service == "workshop" else rng.choice(REFERENCES),
                    occupants=rng.randint(fewest, most), source_model=ARCHIVE, source_id=source,
                )
            )  # fmt: skip
            day += timedelta(days=rng.randint(12, 45))
    ServiceUse.objects.bulk_create(uses)
    _events(network, rng)


def _statuses(network):
    """Betschdorf: an experiment from its opening, operating since September 2025."""
    for status, day in [("experimenting", date(2024, 3, 4)), ("operating", date(2025, 9, 1))]:
        AntennaStatusChange.objects.get_or_create(
            antenna=network.betschdorf, changed_on=day, defaults={"status": status}
        )


def _person(antenna, rng, year, today, communes, structures):
    gender = rng.choice([Gender.FEMALE, Gender.MALE])
    entry = date(year, 1, 1) + timedelta(days=rng.randint(0, 360))
    exit_date = entry + timedelta(days=rng.randint(60, 720))
    exited = exit_date < today
    person = Beneficiary(
        antenna=antenna,
        referring_structure=rng.choice(structures),
        last_name=rng.choice(LAST_NAMES),
        first_name=rng.choice(FIRST_NAMES[gender]),
        birth_date=entry - timedelta(days=rng.randint(18 * 365, 67 * 365)),
        gender=gender,
        commune=rng.choice(communes),
        address=f"{rng.randint(1, 60)} {rng.choice(STREETS)}",
        situation=rng.choice(SITUATIONS),
        resources_yearly=Decimal(rng.randrange(4000, 16000, 50)),
        licence=rng.choice(list(Licence.values)),
        transport_autonomy=rng.choice(list(TransportAutonomy.values)),
        status=Beneficiary.Status.EXITED if exited else Beneficiary.Status.ACTIVE,
        entry_date=entry,
        exit_date=exit_date if exited else None,
        exit_outcome=rng.choice(list(Outcome.values)) if exited else "",
        privacy_notice_on=entry - timedelta(days=rng.randint(0, 10)),
        last_contact_on=exit_date if exited else today - timedelta(days=rng.randint(0, 60)),
    )
    person.refresh_search_fields()
    return person


def _events(network, rng):
    antenna = network.bischwiller
    structures = list(antenna.structures.all())
    kinds = list(ProfessionalEvent.Kind)
    events = ProfessionalEvent.objects.bulk_create(
        ProfessionalEvent(
            antenna=antenna, kind=kind, title=kind.label.capitalize(),
            held_on=date(year, rng.randint(1, 12), rng.randint(1, 28)),
            professionals=rng.randint(4, 20),
            public=rng.randint(10, 60) if kind == "awareness" else 0,
        )
        for year in NEW_PEOPLE
        for kind in rng.sample(kinds, 2) + [rng.choice(kinds)]
    )  # fmt: skip
    through = ProfessionalEvent.structures.through
    through.objects.bulk_create(
        through(professionalevent_id=e.pk, structure_id=s.pk)
        for e in events
        for s in rng.sample(structures, min(len(structures), 2))
    )
