"""When a vehicle is busy: the one rule that availability, booking, trips, calendars and the API
ask.

A vehicle is held by every booking row that is not cancelled: rentals, maintenance slots and TUS
trips (a trip with a vehicle holds a booking of kind "tus", written in the same transaction), so
PostgreSQL's exclusion constraint `booking_no_overlap` judges them all alike.

A checked-out vehicle is held until it is checked in, whatever the booking's planned end. No one
knows when a late vehicle will be back, so it is held for the rest of the day, every day until
it is (the desk books it for another day, and that booking is flagged "retour en retard"). As
"now" moves, no static constraint can say it: the trigger `booking_vehicle_not_back` (migration
0006) refuses in PostgreSQL a booking, or a hand-over, that overlaps such a hold, and the
functions below let pages say it before anyone tries."""

from datetime import datetime, timedelta

from django.contrib.postgres.fields import DateTimeRangeField
from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Now
from django.utils import timezone
from psycopg.types.range import Range

from services.models import Booking, Vehicle
from services.models.scoping import point

NOT_BACK_CONSTRAINT = "booking_vehicle_not_back"


def period_of(start, end) -> Range:
    return Range(start, end, "[)")


def end_of_today() -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))


def late() -> Q:
    """Checked-out bookings past their planned end: the vehicle has not come back."""
    return Q(status=Booking.Status.CHECKED_OUT, period__endswith__lt=Now())


def _held() -> Case:
    """The period a booking really holds its vehicle, in SQL (the trigger says the same)."""
    late_hold = Func(
        Func(F("period"), function="lower"),
        Value(end_of_today()),
        Value("[)"),
        function="tstzrange",
        output_field=DateTimeRangeField(),
    )
    return Case(When(late(), then=late_hold), default=F("period"))


def holding() -> QuerySet:
    """Booking rows that hold their vehicle, each with `held`, the period really held, and
    `is_late` (out past its planned end)."""
    return Booking.objects.exclude(status=Booking.Status.CANCELLED).annotate(
        held=_held(), is_late=ExpressionWrapper(late(), output_field=BooleanField())
    )


def holds_overlapping(start, end) -> QuerySet:
    """Bookings holding their vehicle at some moment of [start, end). A booking holds at least
    its period, and more only while out late, so the rows are those whose period overlaps or
    that went out before `end`: said so, next to the exact test on `held`, a GiST index can
    find them (booking_antenna_period, see `of_antenna`) instead of reading every booking the
    antenna ever had."""
    window = period_of(start, end)
    return holding().filter(
        Q(period__overlap=window)
        | Q(status=Booking.Status.CHECKED_OUT, period__startswith__lt=end),
        held__overlap=window,
    )


def of_antenna(bookings: QuerySet, antenna) -> QuerySet:
    """`bookings.filter(antenna=antenna)`, said also as the one-point range that leads the GiST
    index booking_antenna_period (a plain `=` on the id cannot search it)."""
    return bookings.alias(antenna_point=point(F("antenna_id"))).filter(
        antenna=antenna, antenna_point__overlap=point(Value(antenna.pk))
    )


def free_vehicles(*, antenna, start, end, kind=None) -> QuerySet:
    """The antenna's vehicles in service that nothing holds over [start, end): one query."""
    busy = of_antenna(holds_overlapping(start, end), antenna).filter(vehicle_id=OuterRef("pk"))
    vehicles = Vehicle.objects.filter(antenna=antenna, status=Vehicle.Status.IN_SERVICE)
    if kind:
        vehicles = vehicles.filter(kind=kind)
    return vehicles.filter(~Exists(busy))


def with_late_return(bookings: QuerySet) -> QuerySet:
    """Annotate `after_late_return`: an earlier rental of the same vehicle is still out past its
    end, so this booking's vehicle may not be there ("retour en retard")."""
    earlier_late = Booking.objects.filter(
        late(),
        antenna_id=OuterRef("antenna_id"),  # along the index booking_out_by_vehicle
        vehicle_id=OuterRef("vehicle_id"),
        period__startswith__lt=Func(
            OuterRef("period"), function="lower", output_field=DateTimeField()
        ),
    ).exclude(pk=OuterRef("pk"))
    return bookings.annotate(after_late_return=Exists(earlier_late))


def not_back(booking: Booking) -> Booking | None:
    """The earlier booking of the same vehicle still out (checked out, not returned), if any."""
    return (
        Booking.objects.filter(
            vehicle_id=booking.vehicle_id,
            status=Booking.Status.CHECKED_OUT,
            period__startswith__lt=booking.period.lower,
        )
        .exclude(pk=booking.pk)
        .select_related("beneficiary")
        .first()
    )
