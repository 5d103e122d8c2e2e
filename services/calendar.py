"""The week calendar: vehicles as rows, seven days as columns, two queries whatever the size;
and the desk's work of a day."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import DateTimeField, F, Func
from django.utils import timezone

from services.models import Booking
from services.occupancy import holds_overlapping, with_late_return


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

    @property
    def agenda(self) -> list[tuple[date, list[tuple]]]:
        """Day by day, (vehicle, booking) in time order: the phone's view of the same week."""
        return [
            (
                day,
                sorted(
                    ((vehicle, b) for vehicle, cells in self.rows for b in cells[index]),
                    key=lambda pair: pair[1].period.lower,
                ),
            )
            for index, day in enumerate(self.days)
        ]


def week_grid(*, vehicles, antenna, monday: date) -> WeekGrid:
    days = [monday + timedelta(days=i) for i in range(7)]
    start, end = local_midnight(monday), local_midnight(monday + timedelta(days=7))
    vehicles = list(vehicles)
    # What holds each vehicle (services/occupancy.py): a late vehicle shows until today, and
    # TUS trips show with their rentals.
    bookings = with_late_return(
        holds_overlapping(start, end)
        .filter(antenna=antenna, vehicle__in=[v.pk for v in vehicles])
        .select_related("beneficiary", "trip")
        .order_by("period")
    )
    cells = {(v.pk, day): [] for v in vehicles for day in days}
    for booking in bookings:
        first = max(timezone.localdate(booking.held.lower), monday)
        last = min(timezone.localdate(booking.held.upper - timedelta(microseconds=1)), days[-1])
        day = first
        while day <= last:
            cells[(booking.vehicle_id, day)].append(booking)
            day += timedelta(days=1)
    rows = [(v, [cells[(v.pk, day)] for day in days]) for v in vehicles]
    return WeekGrid(monday=monday, days=days, rows=rows)


def due_on(bookings, day: date):
    """The desk's work of a day: rentals to hand over (starting that day or earlier and not yet
    gone), each flagged when the vehicle is not back from a late rental; vehicles to take back
    (due by the end of the day, late ones included), in the order they are due."""
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    departures = with_late_return(
        bookings.filter(
            kind=Booking.Kind.RENTAL,
            status=Booking.Status.RESERVED,
            period__startswith__lt=end,
            period__endswith__gt=start,
        )
    ).order_by("period")
    due = Func(F("period"), function="upper", output_field=DateTimeField())
    returns = bookings.filter(status=Booking.Status.CHECKED_OUT, period__endswith__lt=end).order_by(
        due, "pk"
    )
    return departures, returns
