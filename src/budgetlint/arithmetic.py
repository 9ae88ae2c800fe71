"""Rounding-aware comparison of printed amounts (XBRL Calculations 1.1).

A printed amount stands for an interval of ± half a unit of its last printed
decimal; an amount printed with fewer decimals than its column (``41`` among
``381.51``) is read at the column's precision.  A sum is inconsistent only when
the interval of the reported total and the interval of the computed sum cannot
meet; an inexact sum whose intervals meet is a rounding-only miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext

from .model import Amount

EXACT = "exact"
ROUNDING = "rounding"
MISMATCH = "mismatch"


@dataclass(frozen=True, slots=True)
class SumResult:
    status: str
    expected: Decimal
    actual: Decimal
    difference: Decimal
    allowance: Decimal
    decimals: int

    @property
    def ok(self) -> bool:
        return self.status == EXACT


#: Half a unit of the last printed decimal, by number of decimals: every sum
#: needs one per term, and there are only a handful of distinct precisions.
_HALF_UNITS: dict[int, Decimal] = {}
#: ``10**-decimals``, the quantum results are rounded to, by number of decimals.
_QUANTA: dict[int, Decimal] = {}


def half_unit(decimals: int) -> Decimal:
    h = _HALF_UNITS.get(decimals)
    if h is None:
        h = _HALF_UNITS[decimals] = Decimal(5).scaleb(-(decimals + 1))
    return h


def _quantum(decimals: int) -> Decimal:
    q = _QUANTA.get(decimals)
    if q is None:
        q = _QUANTA[decimals] = Decimal(1).scaleb(-decimals)
    return q


def _context(*amounts: Amount) -> Context:
    """A decimal context wide enough for the printed digits (a cell may hold
    hundreds of digits; arithmetic on it must not raise)."""
    digits = max((len(a.value.as_tuple().digits) + abs(min(a.value.as_tuple().exponent, 0)) for a in amounts if a.value.is_finite()), default=0)
    return Context(prec=max(28, digits + 12), Emax=MAX_EMAX, Emin=MIN_EMIN)


def compare_sum(
    total: Amount,
    addends: list[Amount],
    precision: int | None = None,
    tolerance: Decimal = Decimal(0),
    signs: list[int] | None = None,
) -> SumResult:
    """Compare ``total`` with the (signed) sum of ``addends``.

    ``precision`` is the column or table precision: no value is read at fewer
    decimals than that.  ``tolerance`` widens the allowance (absolute amount).
    """
    if len(total.raw) < 20:
        for a in addends:
            if len(a.raw) >= 20:
                break
        else:
            return _compare_sum(total, addends, precision, tolerance, signs)  # fits the default context
    with localcontext(_context(total, *addends)):
        return _compare_sum(total, addends, precision, tolerance, signs)


def _compare_sum(total, addends, precision, tolerance, signs) -> SumResult:
    # Plain loops rather than generator expressions: this runs for every sum of
    # every table, and the terms are added in the same order either way.
    floor = precision or 0
    decimals = max(total.decimals, floor)
    allowance = Decimal(0) + half_unit(decimals)
    expected = Decimal(0)
    if signs:
        for s, a in zip(signs, addends):
            expected += s * a.value
    else:
        for a in addends:
            expected += a.value
    for a in addends:
        d = a.decimals if a.decimals > floor else floor
        allowance += half_unit(d)
        if d > decimals:
            decimals = d
    allowance += tolerance
    actual = total.value
    difference = actual - expected
    if not difference:  # the common case: the printed figures add up exactly
        status = EXACT
    elif abs(difference) <= allowance:
        status = ROUNDING
    else:
        status = MISMATCH
    q = _quantum(decimals)
    return SumResult(status, expected.quantize(q), actual, difference.quantize(q), allowance, decimals)


def compare_ratio(
    printed: Amount, numerator: Amount, denominator: Amount, percent: bool = True
) -> SumResult:
    """Compare a printed rate with numerator/denominator at the rate's precision.

    The rate is consistent when some pair of true values inside the
    numerator's and denominator's intervals gives a rate that rounds to the
    printed one.
    """
    with localcontext(_context(printed, numerator, denominator)):
        return _compare_ratio(printed, numerator, denominator, percent)


def _compare_ratio(printed: Amount, numerator: Amount, denominator: Amount, percent: bool) -> SumResult:
    scale = Decimal(100) if percent else Decimal(1)
    if denominator.value == 0:
        return SumResult(MISMATCH, Decimal(0), printed.value, printed.value, Decimal(0), printed.decimals)
    expected = numerator.value / denominator.value * scale
    h_num = half_unit(numerator.decimals)
    h_den = half_unit(denominator.decimals)
    lo_den = max(denominator.value - h_den, Decimal("1e-12"))
    hi = (numerator.value + h_num) / lo_den * scale
    lo = (numerator.value - h_num) / (denominator.value + h_den) * scale
    h_rate = half_unit(printed.decimals)
    q = Decimal(1).scaleb(-printed.decimals)
    rounded = expected.quantize(q)
    difference = printed.value - rounded
    if difference == 0:
        status = EXACT
    elif printed.value + h_rate >= lo and printed.value - h_rate <= hi:
        status = ROUNDING
    else:
        status = MISMATCH
    return SumResult(status, rounded, printed.value, difference, h_rate, printed.decimals)
