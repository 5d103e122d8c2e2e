from indicators.models import AssociationProfile, Report, Target
from tests.isolation import MARKER, VICTIM_PK


def create(world):
    from beneficiaries.models import Beneficiary
    from tests.factories import commune

    Beneficiary.objects.get_or_create(
        pk=VICTIM_PK,
        defaults={
            "antenna": world.antenna,
            "referring_structure": world.structure,
            "last_name": MARKER,
            "first_name": "Victime",
            "birth_date": "1980-01-01",
            "gender": "f",
            "commune": commune("67339"),
            "situation": "rsa",
            "licence": "none",
            "status": "active",
            "entry_date": "2025-01-10",
        },
    )
    target = Target.objects.create(
        pk=VICTIM_PK, territory=world.territory, year=2030, indicator="followed", value=12
    )
    report = Report.objects.create(pk=VICTIM_PK, territory=world.territory, year=2025)
    profile = AssociationProfile.objects.create(
        pk=VICTIM_PK, antenna=world.antenna, name=f"Association {MARKER}", address="1 rue X"
    )
    return [target, report, profile]
