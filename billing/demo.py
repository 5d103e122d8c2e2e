"""Demo money of rentals, as check-out and check-in record it (billing.handover): every rental
that went out has its deposit, still held while the vehicle is out, given back at its return;
every returned rental is charged its solidarity price."""

from django.db.models import Q

from antennas.models import Membership, Role
from billing import charges
from billing.models import Charge, Deposit
from services.models import Booking, PriceRule

METHODS = [Deposit.Method.CHEQUE, Deposit.Method.CHEQUE, Deposit.Method.CARD_IMPRINT]


def seed(network, rng) -> None:
    rentals = (
        Booking.objects.filter(
            kind=Booking.Kind.RENTAL,
            status__in=[Booking.Status.CHECKED_OUT, Booking.Status.RETURNED],
            deposit__isnull=True,
        )
        .select_related("vehicle")
        .order_by("pk")
    )
    rules = {(r.antenna_id, r.vehicle_kind): r.deposit for r in PriceRule.objects.all()}
    desk = dict(
        Membership.objects.filter(Q(role=Role.STAFF) | Q(role=Role.MANAGER), antenna__isnull=False)
        .order_by("-pk")
        .values_list("antenna_id", "user_id")
    )
    rows = []
    for booking in rentals.iterator():
        amount = rules.get((booking.antenna_id, booking.vehicle.kind))
        by = desk.get(booking.antenna_id)
        if not amount or by is None:
            continue
        method = rng.choice(METHODS)
        back = booking.status == Booking.Status.RETURNED
        rows.append(
            Deposit(
                antenna_id=booking.antenna_id,
                booking=booking,
                beneficiary_id=booking.beneficiary_id,
                amount=amount,
                method=method,
                reference=f"n° {rng.randint(1000000, 9999999)}",
                taken_at=booking.checkout_at,
                taken_by_id=by,
                status=Deposit.Status.RETURNED if back else Deposit.Status.HELD,
                closed_at=booking.checkin_at if back else None,
                closed_by_id=by if back else None,
            )
        )
    Deposit.objects.bulk_create(rows, batch_size=1000)
    # Returned rentals were charged at check-in.
    returned = Booking.objects.filter(
        kind=Booking.Kind.RENTAL, status=Booking.Status.RETURNED, price__gt=0, charges__isnull=True
    ).select_related("vehicle")
    rows = []
    for booking in returned.iterator():
        charge = charges.rental_charge(booking)
        charge.created_by_id = desk.get(booking.antenna_id)
        rows.append(charge)
    Charge.objects.bulk_create(rows, batch_size=1000)
