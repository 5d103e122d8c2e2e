from datetime import timedelta

from django.utils import timezone

from beneficiaries.models import Beneficiary
from notifications.models import MessageTemplate, Notification
from tests.isolation import MARKER, VICTIM_PK


def create(world):
    victim = Beneficiary.objects.get(pk=VICTIM_PK)  # victims_beneficiaries made it (run first)
    message = Notification.objects.create(
        pk=VICTIM_PK, antenna=world.antenna, beneficiary=victim, channel="sms",
        to="+33612345678", template="workshop_reminder", text=f"Atelier {MARKER} demain",
        idempotency_key=f"victim-{VICTIM_PK}", status="failed", error=f"HTTP 400 {MARKER}",
        event_kind="registration", event_id=VICTIM_PK,
        event_starts_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    wording = MessageTemplate.objects.create(
        pk=VICTIM_PK, antenna=world.antenna, key="workshop_reminder",
        text=f"{MARKER} {{{{ title }}}} {{{{ link }}}}",
    )  # fmt: skip
    return [message, wording]
