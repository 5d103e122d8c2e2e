"""Solidarity prices: the antenna's grid by vehicle kind, reduced for low resources."""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from services.eligibility import low_resources_reason
from services.models import PriceRule

CENT = Decimal("0.01")


def rule_for(antenna, vehicle_kind) -> PriceRule | None:
    return PriceRule.objects.filter(antenna=antenna, vehicle_kind=vehicle_kind).first()


def _wall_clock(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


def rental_price(*, rule, beneficiary, start, end, km=None) -> Decimal:
    """Price of a rental; per-km prices are known once the vehicle is back (km given)."""
    if rule is None:
        return Decimal("0.00")
    unit_price = rule.reduced_price if low_resources_reason(beneficiary) else rule.price
    if rule.unit == PriceRule.Unit.HOUR:
        units = Decimal(math.ceil((end.timestamp() - start.timestamp()) / 3600))
    elif rule.unit == PriceRule.Unit.DAY:
        # Days on the local clock: 9:00 to 9:00 is one day, even the 25 hours of a clock change.
        wall = _wall_clock(end) - _wall_clock(start)
        units = Decimal(math.ceil(wall.total_seconds() / 86400))
    else:
        units = Decimal(km or 0)
    return (unit_price * units).quantize(CENT, rounding=ROUND_HALF_UP)


def cost_share(*, distance_km, rate_per_km, occupants) -> Decimal:
    """A passenger's share of a carpool's running costs: the trip's cost split among everyone in
    the car (driver included)."""
    total = Decimal(distance_km) * Decimal(rate_per_km)
    return (total / max(occupants, 1)).quantize(CENT, rounding=ROUND_HALF_UP)
