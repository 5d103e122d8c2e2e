"""Emission factors in force for a year, and the SQL expressions that apply them to uses."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Expression, F, Q, Value
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


class _FactorOf(Expression):
    """The factor of a row's mode: CASE <mode column> WHEN %s THEN %s … END (NULL for a mode
    without one), written out here. A Case of one When per mode made the ORM build a filter
    per When and hash the whole tree for each query: the officer's figures took 28 ms for
    3 ms of SQL, 15 ms written this way."""

    def __init__(self, column, factors: tuple[tuple[str, Decimal, bool], ...], occupants):
        super().__init__(output_field=NUMERIC)
        self.column, self.factors, self.occupants = column, factors, occupants

    def get_source_expressions(self):
        return [self.column, self.occupants]

    def set_source_expressions(self, exprs):
        self.column, self.occupants = exprs

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        occupants, occupants_params = compiler.compile(self.occupants)
        whens, params = [], [*column_params]
        for mode, value, per_occupant in self.factors:
            if per_occupant:
                whens.append(f"WHEN %s THEN %s::numeric / {occupants}")
                params += [mode, value, *occupants_params]
            else:
                whens.append("WHEN %s THEN %s::numeric")
                params += [mode, value]
        return f"CASE {column} {' '.join(whens)} END", params


def _factor_case(factors: dict, field: str, *, occupants) -> _FactorOf:
    values = tuple(
        (mode, factor.value, factor.per_occupant) for mode, factor in sorted(factors.items())
    )
    return _FactorOf(F(field), values, occupants)


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
