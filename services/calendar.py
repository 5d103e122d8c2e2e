"""The week calendar: vehicles as rows, seven days as columns, two queries whatever the size."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from services.availability import period_of
from services.models import Booking


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@dataclass
class WeekGrid:
    monday: date
    days: list[date]
    rows: list[tuple]  # (vehicle, [bookings of day 1, …, day 7])

    @property
    def previous(self):
        return self.monday - timedelta(days=7)

    @property
    def next(self):
        return self.monday + timedelta(days=7)


def week_grid(*, vehicles, antenna, monday: date) -> WeekGrid:
    days = [monday + timedelta(days=i) for i in range(7)]
    start, end = local_midnight(monday), local_midnight(monday + timedelta(days=7))
    vehicles = list(vehicles)
    bookings = (
        Booking.objects.filter(
            antenna=antenna,
            vehicle__in=[v.pk for v in vehicles],
            period__overlap=period_of(start, end),
        )
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("beneficiary")
        .order_by("period")
    )
    cells = {(v.pk, day): [] for v in vehicles for day in days}
    for booking in bookings:
        first = max(timezone.localdate(booking.period.lower), monday)
        last = min(timezone.localdate(booking.period.upper - timedelta(microseconds=1)), days[-1])
        day = first
        while day <= last:
            cells[(booking.vehicle_id, day)].append(booking)
            day += timedelta(days=1)
    rows = [(v, [cells[(v.pk, day)] for day in days]) for v in vehicles]
    return WeekGrid(monday=monday, days=days, rows=rows)


def due_on(bookings, day: date):
    """The desk's work of a day: rentals to hand over (starting that day or earlier and not yet
    gone) and vehicles to take back (due by the end of the day, late ones included)."""
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    departures = bookings.filter(
        kind=Booking.Kind.RENTAL,
        status=Booking.Status.RESERVED,
        period__startswith__lt=end,
        period__endswith__gt=start,
    )
    returns = bookings.filter(status=Booking.Status.CHECKED_OUT, period__endswith__lt=end)
    return departures, returns
