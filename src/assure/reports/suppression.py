"""Small numbers withheld, the Department for Education's way.

A count from 1 to 4 about a team or a district can point at a child, so for
readers who may not see children (elected members, analysts) it is shown as
"fewer than 5" and any percentage, rate or mean resting on it is withheld.
Zero is shown: it identifies nobody. `suppress_small` is the one rule; each
app decides who reads suppressed figures and at which levels.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5
FEWER_THAN = f"fewer than {THRESHOLD}"

Number = int | float | None


def is_small(count: int | None) -> bool:
    """A count of people from 1 to 4."""
    return count is not None and 0 < count < THRESHOLD


@dataclass(frozen=True)
class Shown:
    """A figure as a reader may see it: the parts not withheld, and which were."""

    numerator: int | None
    denominator: int | None
    value: Number
    suppressed: bool = False
    numerator_withheld: bool = False
    denominator_withheld: bool = False

    @property
    def text(self) -> str:
        """The words for a withheld figure ('fewer than 5'), else ''."""
        return FEWER_THAN if self.suppressed else ""


def suppress_small(numerator: int | None, denominator: int | None, value: Number) -> Shown:
    """The figure with every count from 1 to 4 withheld, and the value resting on it.

    For a count, `numerator` is the count (and `value` the same); for a
    percentage, rate or mean, the value is withheld when either part is
    small, and a numerator is withheld with a small denominator (it is no
    larger).
    """
    small_den = is_small(denominator)
    small_num = is_small(numerator) or (small_den and numerator is not None)
    if not (small_num or small_den):
        return Shown(numerator, denominator, value)
    return Shown(
        numerator=None if small_num else numerator,
        denominator=None if small_den else denominator,
        value=None,
        suppressed=True,
        numerator_withheld=small_num,
        denominator_withheld=small_den,
    )
