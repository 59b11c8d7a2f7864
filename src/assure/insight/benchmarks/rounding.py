"""Rounding half away from zero, on exact fractions.

Floats cannot hold most one-decimal halves (0.15 is stored as 0.1499...), so a
value is kept as an exact fraction until the moment it is shown.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


def round_half_away(value: Fraction | Decimal | int, places: int = 1) -> Decimal:
    """`value` rounded half away from zero to `places` decimals (2.25 -> 2.3, -2.25 -> -2.3)."""
    scaled = Fraction(value) * 10**places
    magnitude = math.floor(abs(scaled) + Fraction(1, 2))
    signed = -magnitude if scaled < 0 else magnitude
    return Decimal(signed).scaleb(-places)


def to_number(value: Fraction | None, places: int = 1) -> float | None:
    """The rounded value as a float for JSON (the float prints as its decimal), or None."""
    if value is None:
        return None
    return float(round_half_away(value, places))
