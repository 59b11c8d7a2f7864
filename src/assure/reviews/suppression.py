"""Small numbers are not shown to readers of aggregates only (the DfE convention).

Elected members and analysts see figures, never a child; a count from 1 to 4
about a small group can still point at one. Following the Department for
Education's statistical disclosure convention, such a count is shown as
"fewer than 5", and a rate is withheld when it could give one back: when its
count, its base, or the rest of its base is from 1 to 4.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL = 5
FEWER_THAN_5 = "fewer than 5"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Shown:
    """A count and its rate as they may be shown: numbers, or the words that stand for them."""

    count: int | str
    rate: float | str | None


def _small(n: int) -> bool:
    return 0 < n < SMALL


def suppress_small(count: int, whole: int | None = None) -> Shown:
    """`count`, and its rate as a percentage of `whole`, for readers of aggregates only.

    Zero is shown as zero (nothing to point at); no `whole`, or a zero one, gives no rate.
    """
    shown: int | str = FEWER_THAN_5 if _small(count) else count
    if not whole:
        return Shown(shown, None)
    if _small(count) or _small(whole) or _small(whole - count):
        return Shown(shown, WITHHELD)
    return Shown(shown, round(100 * count / whole, 1))
