"""Emission factors in force for a year, and the SQL expressions that apply them to uses."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Value, When
from django.db.models.functions import Cast, Greatest

from indicators.models import EmissionFactor, Quantity

# A reference trip "in carpool" is valued with one passenger (DOMAIN.md's example).
REFERENCE_CARPOOL_OCCUPANTS = 2
KWH_PER_LITRE = Decimal(10)  # ADEME, Territoires en Transitions convention
NUMERIC = DecimalField(max_digits=24, decimal_places=10)


@dataclass(frozen=True)
class FactorSet:
    year: int
    factors: dict  # (quantity, mode) -> EmissionFactor

    def for_quantity(self, quantity):
        return {mode: f for (q, mode), f in self.factors.items() if q == quantity}

    def quantities(self):
        return sorted({q for q, _mode in self.factors}, key=list(Quantity.values).index)

    def versions(self) -> dict:
        """What a report records: enough to recompute it."""
        return {
            f"{q}:{mode}": {
                "value": str(f.value),
                "unit": f.unit,
                "per_occupant": f.per_occupant,
                "version": f.version,
                "source": f.source,
                "valid_from": f.valid_from.isoformat(),
            }
            for (q, mode), f in sorted(self.factors.items())
        }


def factors_for(year: int) -> FactorSet:
    """The factor in force on 31 December of `year` for each mode and quantity; for years before
    a factor existed, its oldest version (so that a series is never left without one)."""
    end = date(year, 12, 31)
    chosen = {}
    for factor in EmissionFactor.objects.order_by("valid_from", "pk"):
        key = (factor.quantity, factor.mode)
        if key not in chosen or factor.valid_from <= end:
            chosen[key] = factor
    return FactorSet(year=year, factors=chosen)


def _factor_case(factors: dict, field: str, *, occupants):
    whens = []
    for mode, factor in factors.items():
        value = Value(factor.value, output_field=NUMERIC)
        then = value / occupants if factor.per_occupant else value
        whens.append(When(**{field: mode}, then=then))
    return Case(*whens, default=None, output_field=NUMERIC)


def avoided_per_use(factor_set: FactorSet, quantity):
    """km × (reference factor − service factor) of one ServiceUse row, NULL where a factor is
    missing (summed, NULLs drop out; `unfactored_km` says how many km that left aside)."""
    factors = factor_set.for_quantity(quantity)
    if not factors:
        return Cast(Value(None), NUMERIC)
    reference = _factor_case(
        factors, "reference_mode", occupants=Value(REFERENCE_CARPOOL_OCCUPANTS)
    )
    service = _factor_case(factors, "mode", occupants=Greatest(F("occupants"), Value(1)))
    return F("km") * (reference - service)


def factored(factor_set: FactorSet, quantity) -> Q:
    modes = list(factor_set.for_quantity(quantity))
    return Q(mode__in=modes, reference_mode__in=modes)
