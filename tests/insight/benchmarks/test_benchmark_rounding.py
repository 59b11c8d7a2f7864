"""Rounding half away from zero, exactly."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from assure.insight.benchmarks.rounding import round_half_away, to_number


def test_halves_go_away_from_zero() -> None:
    assert round_half_away(Fraction(15, 100)) == Decimal("0.2")
    assert round_half_away(Fraction(-15, 100)) == Decimal("-0.2")
    assert round_half_away(Fraction(25, 100)) == Decimal("0.3")
    assert round_half_away(Fraction(1015, 100)) == Decimal("10.2")
    assert round_half_away(Fraction(1014999, 100000)) == Decimal("10.1")
    assert round_half_away(Decimal("2.45"), 1) == Decimal("2.5")
    assert round_half_away(7, 0) == Decimal("7")


def test_to_number() -> None:
    assert to_number(Fraction(24035 * 10000, 355390)) == 676.3
    assert to_number(None) is None


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_exact_tenths_and_halves(tenths_times_ten: int) -> None:
    # k/100 for any k: half cases (k ending in 5) always move away from zero.
    value = Fraction(tenths_times_ten, 100)
    rounded = round_half_away(value)
    assert abs(Fraction(rounded) - value) <= Fraction(5, 100)
    if tenths_times_ten % 10 == 5:  # Python's % is 5 for ...5 and -...5 alike
        assert abs(Fraction(rounded)) > abs(value)
