"""Statistical process control over a monthly series: the XmR (individuals) chart.

Pure functions, no Django. Given the values of one indicator month by month,
`xmr()` returns the centre line, the natural process limits and every
special-cause signal, each labelled by the indicator's polarity.

The conventions, exactly:

- **Empty values are skipped.** A month with no value (None) is left out
  before anything is computed; the points either side of it become
  neighbours for the moving ranges and the runs.
- **Centre line** is the mean of the values. **Moving range** i is
  |x[i] - x[i-1]|; the **mean moving range** is the mean of those n - 1 ranges.
- **Natural process limits** are mean +/- 2.66 x mean moving range (2.66 =
  3 / 1.128). **Sigma** is mean moving range / 1.128, so the two-sigma lines
  are mean +/- 2 x sigma. Limits are not clamped at zero: they are what the
  data says, and a lower limit below zero simply cannot be crossed.
- With fewer than 2 values there is no moving range, so no limits and no
  signals (the mean alone is given when there is one value).

Special-cause rules (all comparisons strict; a value exactly on a line is
not beyond it, and a value exactly on the mean is on neither side):

1. ``beyond_limit``: a single point above the upper or below the lower limit.
2. ``shift``: 7 or more consecutive points on the same side of the mean.
   A point equal to the mean ends the run. One signal per maximal run,
   covering every point of the run.
3. ``trend``: 7 or more consecutive points each strictly higher than the one
   before (6 increases in a row), or each strictly lower (6 decreases).
   Two equal neighbours end the run. One signal per maximal run, covering
   every point of it, the first (starting) point included.
4. ``two_of_three``: 2 of 3 consecutive points beyond two sigma on the same
   side of the mean (the third may be anywhere). Overlapping windows on the
   same side are merged into one signal, covering the points beyond two sigma.

Each signal has a direction, ``up`` (above the mean or rising) or ``down``,
and a label from the polarity: up is ``improvement`` when higher is better
and ``concern`` when lower is better (and the reverse for down); with
polarity ``neither`` every signal is labelled ``neither``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Direction = Literal["up", "down"]
Label = Literal["improvement", "concern", "neither"]
Rule = Literal["beyond_limit", "shift", "trend", "two_of_three"]

E2 = 2.66  # natural process limits: mean +/- E2 x mean moving range
D2 = 1.128  # sigma = mean moving range / d2 for moving ranges of two points
RUN_LENGTH = 7  # points for a shift or a trend

RULE_TEXT: dict[Rule, str] = {
    "beyond_limit": "a point beyond a process limit",
    "shift": f"{RUN_LENGTH} or more points in a row on one side of the mean",
    "trend": f"{RUN_LENGTH} or more points in a row rising or falling",
    "two_of_three": "2 of 3 points in a row beyond two sigma on the same side",
}

_HIGHER = {"higher_better", "higher_is_better"}
_LOWER = {"lower_better", "lower_is_better"}


def label_for(direction: Direction, polarity: str) -> Label:
    """Improvement or concern by polarity; `neither` when the polarity is neither."""
    if polarity in _HIGHER:
        return "improvement" if direction == "up" else "concern"
    if polarity in _LOWER:
        return "concern" if direction == "up" else "improvement"
    return "neither"


@dataclass(frozen=True)
class Point:
    period: date
    value: float


@dataclass(frozen=True)
class Signal:
    rule: Rule
    direction: Direction
    label: Label
    indices: tuple[int, ...]  # positions in XmR.points (empty months already skipped)
    periods: tuple[date, ...]

    @property
    def start(self) -> date:
        return self.periods[0]

    @property
    def end(self) -> date:
        return self.periods[-1]

    @property
    def description(self) -> str:
        way = {
            "beyond_limit": {"up": "above the upper limit", "down": "below the lower limit"},
            "shift": {"up": "above the mean", "down": "below the mean"},
            "trend": {"up": "rising", "down": "falling"},
            "two_of_three": {"up": "high (beyond two sigma)", "down": "low (beyond two sigma)"},
        }[self.rule][self.direction]
        n = len(self.periods)
        if n == 1:
            return f"{self.start:%B %Y}: {way}"
        return f"{n} months {way}, {self.start:%B %Y} to {self.end:%B %Y}"


@dataclass(frozen=True)
class XmR:
    points: tuple[Point, ...]
    polarity: str
    mean: float | None = None
    moving_ranges: tuple[float, ...] = ()
    mean_moving_range: float | None = None
    upper_limit: float | None = None
    lower_limit: float | None = None
    sigma: float | None = None
    signals: tuple[Signal, ...] = field(default_factory=tuple)

    @property
    def has_limits(self) -> bool:
        return self.upper_limit is not None

    def labels_at(self, index: int) -> list[Label]:
        """The labels of every signal that covers point `index`, most serious first."""
        found = {s.label for s in self.signals if index in s.indices}
        return [lb for lb in ("concern", "improvement", "neither") if lb in found]  # type: ignore[misc]

    def rules_at(self, index: int) -> list[Rule]:
        return sorted({s.rule for s in self.signals if index in s.indices})


def _runs(flags: Sequence[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal non-zero flags: (flag, first index, last index)."""
    out: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            if flags[start] != 0:
                out.append((flags[start], start, i - 1))
            start = i
    return out


def _direction(flag: int) -> Direction:
    return "up" if flag > 0 else "down"


def xmr(series: Sequence[tuple[date, float | int | None]], *, polarity: str = "neither") -> XmR:
    """The XmR chart of a monthly series of (period, value); None values are skipped."""
    points = tuple(Point(p, float(v)) for p, v in series if v is not None)
    values = [p.value for p in points]
    n = len(values)
    if n == 0:
        return XmR(points=points, polarity=polarity)
    mean = sum(values) / n
    if n < 2:
        return XmR(points=points, polarity=polarity, mean=mean)
    ranges = tuple(abs(values[i] - values[i - 1]) for i in range(1, n))
    mr = sum(ranges) / len(ranges)
    upper, lower = mean + E2 * mr, mean - E2 * mr
    sigma = mr / D2

    def make(rule: Rule, flag: int, indices: Sequence[int]) -> Signal:
        direction = _direction(flag)
        return Signal(
            rule=rule,
            direction=direction,
            label=label_for(direction, polarity),
            indices=tuple(indices),
            periods=tuple(points[i].period for i in indices),
        )

    signals: list[Signal] = []
    # Rule 1: beyond a limit.
    for i, v in enumerate(values):
        if v > upper:
            signals.append(make("beyond_limit", 1, [i]))
        elif v < lower:
            signals.append(make("beyond_limit", -1, [i]))
    # Rule 2: shift, RUN_LENGTH or more on one side of the mean.
    sides = [1 if v > mean else -1 if v < mean else 0 for v in values]
    for flag, first, last in _runs(sides):
        if last - first + 1 >= RUN_LENGTH:
            signals.append(make("shift", flag, range(first, last + 1)))
    # Rule 3: trend, RUN_LENGTH - 1 or more increases (or decreases) in a row.
    steps = [
        1 if values[i] > values[i - 1] else -1 if values[i] < values[i - 1] else 0
        for i in range(1, n)
    ]
    for flag, first, last in _runs(steps):
        if last - first + 1 >= RUN_LENGTH - 1:
            # Step k joins points k and k + 1.
            signals.append(make("trend", flag, range(first, last + 2)))
    # Rule 4: 2 of 3 beyond two sigma on the same side.
    high, low = mean + 2 * sigma, mean - 2 * sigma
    beyond = [1 if v > high else -1 if v < low else 0 for v in values]
    for flag in (1, -1):
        hits: list[int] = []
        for start in range(0, n - 2):
            window = [i for i in range(start, start + 3) if beyond[i] == flag]
            if len(window) >= 2:
                hits.extend(window)
        # Merge: consecutive qualifying points no more than 2 apart form one signal.
        groups: list[list[int]] = []
        for i in sorted(set(hits)):
            if groups and i - groups[-1][-1] <= 2:
                groups[-1].append(i)
            else:
                groups.append([i])
        signals.extend(make("two_of_three", flag, g) for g in groups)
    signals.sort(key=lambda s: (s.indices[0], s.indices[-1], s.rule))
    return XmR(
        points=points,
        polarity=polarity,
        mean=mean,
        moving_ranges=ranges,
        mean_moving_range=mr,
        upper_limit=upper,
        lower_limit=lower,
        sigma=sigma,
        signals=tuple(signals),
    )


def recent_signals(chart: XmR, *, since: date) -> list[Signal]:
    """Signals still showing on or after `since` (their last point is that late)."""
    return [s for s in chart.signals if s.end >= since]
