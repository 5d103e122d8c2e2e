"""Figures of the yearly TUS report to the préfet (Code des transports R3133-1 and following,
DOMAIN.md), for one antenna and year, aggregated in SQL."""

from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum

from services.models import Driver, Trip, TusMembership, Vehicle


def tus_figures(*, antenna, year) -> dict:
    start, end = date(year, 1, 1), date(year, 12, 31)
    done = Trip.objects.filter(
        antenna=antenna, status=Trip.Status.DONE, period__startswith__date__range=(start, end)
    )
    trips = done.aggregate(
        n=Count("pk"),
        km=Sum("distance_km"),
        avg_km=Avg("distance_km"),
        contributions=Sum("contribution"),
        passengers=Count("beneficiary_id", distinct=True),
    )
    # The roster of the year, not today's: arrived by its end, not gone before its start (dates
    # kept by PostgreSQL, services migration 0010). The filters on trips join them in: every
    # count is of distinct drivers.
    roster = (Q(joined_on__isnull=True) | Q(joined_on__lte=end)) & (
        Q(is_active=True) | Q(left_on__gte=start)
    )
    drivers = Driver.objects.filter(antenna=antenna).aggregate(
        roster=Count("pk", filter=roster, distinct=True),
        roster_volunteers=Count("pk", filter=roster & Q(is_volunteer=True), distinct=True),
        drove=Count("pk", filter=Q(trips__in=done), distinct=True),
        drove_volunteers=Count("pk", filter=Q(trips__in=done, is_volunteer=True), distinct=True),
    )
    members = dict(
        TusMembership.objects.filter(antenna=antenna, year=year)
        .values("basis")
        .annotate(n=Count("pk"))
        .values_list("basis", "n")
    )
    vehicles = {
        row["vehicle__is_lent"]: row
        for row in done.filter(vehicle__isnull=False)
        .values("vehicle__is_lent")
        .annotate(n=Count("vehicle_id", distinct=True))
    }
    seats = {
        row["is_lent"]: row["seats"]
        for row in _vehicles_used(done).values("is_lent").annotate(seats=Avg("seats"))
    }
    km = Decimal(trips["km"] or 0)
    contributions = Decimal(trips["contributions"] or 0)
    return {
        "year": year,
        "trips": trips["n"],
        "km": km,
        "average_km": Decimal(trips["avg_km"] or 0),
        "contributions": contributions,
        "per_km": contributions / km if km else None,
        "passengers": trips["passengers"],
        "members_residence": members.get(TusMembership.Basis.RESIDENCE, 0),
        "members_resources": members.get(TusMembership.Basis.RESOURCES, 0),
        "drivers": drivers,
        "owned_vehicles": vehicles.get(False, {}).get("n", 0),
        "owned_seats": seats.get(False),
        "lent_vehicles": vehicles.get(True, {}).get("n", 0),
        "lent_seats": seats.get(True),
    }


def _vehicles_used(done):
    return Vehicle.objects.filter(pk__in=done.values("vehicle_id"))
