import datetime

from beneficiaries.models import (
    AuditEvent,
    Beneficiary,
    Diagnostic,
    ImportJob,
    Note,
    Referral,
)
from tests.isolation import MARKER, VICTIM_PK


def create(world):
    person, _ = Beneficiary.objects.get_or_create(
        pk=VICTIM_PK,
        defaults={
            "antenna": world.antenna,
            "referring_structure": world.structure,
            "referent": world.social_worker,
            "last_name": MARKER,
            "first_name": "Alice",
            "birth_date": datetime.date(1980, 1, 2),
            "gender": "f",
            "phone": "06 11 22 33 44",
            "email": f"{MARKER.lower()}@example.org",
            "commune_id": "67339",
            "situation": "rsa",
            "licence": "none",
        },
    )
    common = {"pk": VICTIM_PK, "antenna": world.antenna, "beneficiary": person}
    referral = Referral.objects.create(
        **common,
        structure=world.structure,
        social_worker=world.social_worker,
        services_requested=["tus"],
        reason=f"Orientation de {MARKER}",
    )
    diagnostic = Diagnostic.objects.create(
        **common,
        author=world.social_worker,
        structure=world.structure,
        licence="none",
        highway_code="no",
        bike="none",
        public_transport="partial",
        map_reading="partial",
        digital_skills="none",
        destinations=f"Chez {MARKER}",
    )
    note = Note.objects.create(
        **common, author=world.social_worker, text=f"Entretien avec {MARKER}", confidential=False
    )
    event = AuditEvent.objects.create(
        pk=VICTIM_PK,
        antenna=world.antenna,
        actor=world.manager,
        action="view",
        model="Beneficiary",
        object_id=VICTIM_PK,
        beneficiary_id=VICTIM_PK,
    )
    # An import's report names the people it wrote; its token is what the walk puts in routes.
    job = ImportJob.objects.create(
        token="x",
        antenna=world.antenna,
        kind="beneficiaires",
        membership=world.manager.memberships.get(antenna=world.antenna),
        actor=world.manager,
        file_name=f"{MARKER}.csv",
        status=ImportJob.Status.DONE,
        report=[["Ligne", "Résultat", "Fiche", "Détail"], ["2", "créée", str(VICTIM_PK), MARKER]],
    )
    return [person, referral, diagnostic, note, event, job]
