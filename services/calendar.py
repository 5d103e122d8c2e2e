"""The week calendar: vehicles as rows, seven days as columns, two queries whatever the size;
and the desk's work of a day."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from django.db.models import DateTimeField, F, Func
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from services.models import Booking
from services.occupancy import holds_overlapping, of_antenna, period_of, with_late_return


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@dataclass
class Slot:
    """A booking as the calendar shows it, written once for the grid and the agenda: a week of
    200 bookings shows each twice, and an included template per showing cost more than the
    week's SQL."""

    booking: Booking
    href: str
    hours: str  # "09:00–12:00", local time

    @classmethod
    def of(cls, booking: Booking, antenna, tz) -> "Slot":
        if booking.kind == Booking.Kind.TUS and booking.trip is not None:
            href = reverse("services_trip", args=[antenna.slug, booking.trip.pk])
        else:
            href = reverse("services_booking", args=[antenna.slug, booking.pk])
        start, end = (
            timezone.localtime(t, tz).strftime("%H:%M")
            for t in (booking.period.lower, booking.period.upper)
        )
        return cls(booking=booking, href=href, hours=f"{start}–{end}")

    @cached_property
    def html(self) -> str:
        b = self.booking
        late = b.is_late or b.after_late_return
        if b.kind == Booking.Kind.TUS:
            who = format_html("{} · {}", _("TUS"), b.beneficiary)
        else:
            who = b.beneficiary or b.get_kind_display()
        if b.is_late:
            note = format_html(" <strong>({})</strong>", _("pas revenu"))
        elif b.after_late_return:
            note = format_html(" <strong>({})</strong>", _("retour en retard"))
        else:
            note = ""
        return format_html(
            '<a class="slot slot-{} slot-{}{}" href="{}">{} {}{}</a>',
            b.kind, b.status, " slot-late" if late else "", self.href, self.hours, who, note,
        )  # fmt: skip


@dataclass
class WeekGrid:
    monday: date
    days: list[date]
    rows: list[tuple]  # (vehicle, [slots of day 1, …, day 7])

    @property
    def previous(self):
        return self.monday - timedelta(days=7)

    @property
    def next(self):
        return self.monday + timedelta(days=7)

    @property
    def agenda(self) -> list[tuple[date, list[tuple]]]:
        """Day by day, (vehicle, slot) in time order: the phone's view of the same week."""
        return [
            (
                day,
                sorted(
                    ((vehicle, s) for vehicle, cells in self.rows for s in cells[index]),
                    key=lambda pair: pair[1].booking.period.lower,
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
        of_antenna(holds_overlapping(start, end), antenna)
        .filter(vehicle__in=[v.pk for v in vehicles])
        .select_related("beneficiary", "trip")
        # What a slot shows: the rows' other columns (timestamps parsed one by one) were half
        # the week's time at 200 bookings.
        .only(
            "kind",
            "status",
            "period",
            "vehicle_id",
            "beneficiary__last_name",
            "beneficiary__first_name",
            "trip__id",
        )
        .order_by("period")
    )
    cells = {(v.pk, day): [] for v in vehicles for day in days}
    tz = timezone.get_current_timezone()  # once: each lookup of it goes through a context-local
    for booking in bookings:
        slot = Slot.of(booking, antenna, tz)
        first = max(timezone.localdate(booking.held.lower, tz), monday)
        last = min(timezone.localdate(booking.held.upper - timedelta(microseconds=1), tz), days[-1])
        day = first
        while day <= last:
            cells[(booking.vehicle_id, day)].append(slot)
            day += timedelta(days=1)
    rows = [(v, [cells[(v.pk, day)] for day in days]) for v in vehicles]
    return WeekGrid(monday=monday, days=days, rows=rows)


def due_on(bookings, antenna, day: date):
    """The desk's work of a day at `antenna`: rentals to hand over (reserved over some part of
    the day), each flagged when the vehicle is not back from a late rental; vehicles to take
    back (due by the end of the day, late ones included), in the order they are due."""
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    departures = with_late_return(
        of_antenna(bookings, antenna).filter(
            kind=Booking.Kind.RENTAL,
            status=Booking.Status.RESERVED,
            period__overlap=period_of(start, end),
        )
    ).order_by("period")
    due = Func(F("period"), function="upper", output_field=DateTimeField())
    returns = bookings.filter(status=Booking.Status.CHECKED_OUT, period__endswith__lt=end).order_by(
        due, "pk"
    )
    return departures, returns
