from antennas.models import Invitation
from tests.isolation import MARKER, VICTIM_PK


def create(world):
    from datetime import timedelta

    from django.utils import timezone

    invitation = Invitation.objects.create(
        pk=VICTIM_PK,
        antenna=world.antenna,
        email=f"{MARKER.lower()}@example.org",
        role="staff",
        token_hash="0" * 64,
        invited_by=world.manager,
        expires_at=timezone.now() + timedelta(days=3),
    )
    membership = world.staff.memberships.get()
    world.staff.last_name = MARKER
    world.staff.save()
    return [invitation, membership, world.staff]
