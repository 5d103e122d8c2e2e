"""Incidents of the fleet: the driver at the time is found from the bookings (a rental whose
slot, or whose actual check-out to check-in, holds that moment), and a vehicle put out of
service gets a maintenance booking through services.booking, so PostgreSQL's exclusion
constraint keeps rentals off it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Incident
from services import booking as booking_module
from services.models import Booking


def booking_at(*, vehicle, moment) -> Booking | None:
    rentals = Booking.objects.filter(vehicle=vehicle, kind=Booking.Kind.RENTAL).exclude(
        status__in=[Booking.Status.CANCELLED, Booking.Status.NO_SHOW]
    )
    out_then = Q(checkout_at__lte=moment) & (Q(checkin_at__isnull=True) | Q(checkin_at__gte=moment))
    return (
        rentals.filter(out_then | Q(checkout_at__isnull=True, period__contains=moment))
        .select_related("beneficiary")
        .order_by("-checkout_at")
        .first()
    )


@transaction.atomic
def report_incident(
    *, vehicle, kind: str, occurred_at, description: str, by, out_of_service_until=None
) -> Incident:
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_at": _("Un incident ne peut être dans le futur.")})
    rental = booking_at(vehicle=vehicle, moment=occurred_at)
    maintenance = None
    if out_of_service_until is not None:
        start = timezone.now().replace(second=0, microsecond=0)
        if rental is not None and rental.status == Booking.Status.CHECKED_OUT:
            start = max(start, rental.period.upper)  # the rental still holds it until then
        try:
            maintenance = booking_module.block_for_maintenance(
                vehicle=vehicle,
                start=start,
                end=out_of_service_until,
                notes=_("Hors service : %(kind)s") % {"kind": Incident.Kind(kind).label},
                created_by=by,
            )
        except ValidationError as error:
            messages = " ".join(error.messages)
            raise ValidationError({"out_of_service_until": messages}) from None
    return Incident.objects.create(
        antenna_id=vehicle.antenna_id,
        vehicle=vehicle,
        kind=kind,
        occurred_at=occurred_at,
        description=description.strip(),
        booking=rental,
        driver=rental.beneficiary if rental else None,
        maintenance=maintenance,
        reported_by=by,
    )
