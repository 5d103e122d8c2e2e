"""Recording an antenna's status change (the history past years' figures read)."""

from datetime import date

from django.db import transaction

from antennas.models import Antenna, AntennaStatusChange, User
from beneficiaries import audit

ACTIVE = (Antenna.Status.EXPERIMENTING, Antenna.Status.OPERATING)


def record_status_change(
    *, antenna: Antenna, status: str, changed_on: date, note: str = "", by: User | None
) -> AntennaStatusChange:
    """Add a dated change (the trigger then updates the antenna's status and opening date). The
    first change of an antenna open since a known date keeps that opening in the history, so
    that the years before the change stay as they were."""
    with transaction.atomic():
        antenna = Antenna.objects.select_for_update().get(pk=antenna.pk)
        if (
            not antenna.status_changes.exists()
            and antenna.status in ACTIVE
            and antenna.opened_on
            and antenna.opened_on < changed_on
        ):
            AntennaStatusChange.objects.create(
                antenna=antenna, status=antenna.status, changed_on=antenna.opened_on
            )
        change = AntennaStatusChange.objects.create(
            antenna=antenna, status=status, changed_on=changed_on, note=note, recorded_by=by
        )
        audit.record(antenna_id=antenna.pk, actor=by, action=audit.Action.CREATE, obj=change)
    return change
