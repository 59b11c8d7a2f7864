"""The dashboard's figures: per quarter, per chair, and for the headline period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from assure.instruments.definitions import GRADES

from .periods import Quarter
from .units import Unit

# The yes/no judgements counted, in the order shown: (response key, label).
QUESTIONS = [
    ("plan_reflects_risks", "CP plan reflects the current risks"),
    ("plan_reflects_needs", "Care plan reflects current and foreseeable needs"),
    ("plan_meets_legal_duties", "Care plan consistent with legal duties"),
    ("actions_in_timeframe", "Actions within the child's timeframe"),
    ("smart_specific", "CP plan specific"),
    ("smart_measurable", "CP plan measurable"),
    ("smart_achievable", "CP plan achievable"),
    ("smart_realistic", "CP plan realistic"),
    ("smart_timed", "CP plan timed"),
]
GOOD_OR_BETTER = ("outstanding", "good")
MIDWAY_AFTER = timedelta(weeks=6)  # a meeting is due its mid-way review after six weeks


@dataclass
class QuarterRow:
    quarter: Quarter
    meetings: int = 0
    qa_done: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    alerts_raised: int = 0
    alerts_resolved: int = 0
    appreciations: int = 0
    midway_due: int = 0
    midway_done: int = 0

    @property
    def good_or_better(self) -> int:
        return sum(self.grades.get(g, 0) for g in GOOD_OR_BETTER)

    @property
    def good_or_better_pct(self) -> float | None:
        return pct(self.good_or_better, self.qa_done)

    @property
    def midway_pct(self) -> float | None:
        return pct(self.midway_done, self.midway_due)


@dataclass
class ChairRow:
    chair_id: int
    name: str
    grades: dict[str, int] = field(default_factory=dict)
    alerts: int = 0

    @property
    def qa_done(self) -> int:
        return sum(self.grades.values())

    @property
    def alert_rate(self) -> float | None:
        return pct(self.alerts, self.qa_done)

    @property
    def good_or_better_pct(self) -> float | None:
        return pct(sum(self.grades.get(g, 0) for g in GOOD_OR_BETTER), self.qa_done)


@dataclass
class Figures:
    unit: Unit
    quarters: list[Quarter]  # the trend, oldest first
    headline: list[Quarter]  # the quarters the headline figures cover
    by_quarter: dict[Quarter, QuarterRow]
    questions: list[tuple[str, str, int, int]]  # key, label, yes, answered
    open_by_stage: dict[int, int]
    responded_by_stage: dict[int, int]
    overdue: int
    median_days_to_resolve: float | None
    chairs: list[ChairRow] | None
    now: datetime

    def _sum(self, attribute: str) -> int:
        return sum(getattr(self.by_quarter[q], attribute) for q in self.headline)

    @property
    def period_label(self) -> str:
        first, last = self.headline[0], self.headline[-1]
        if first == last:
            return f"{first.label} ({first.key})"
        return f"{first.start:%B %Y} to {last.end:%B %Y}"

    @property
    def meetings(self) -> int:
        return self._sum("meetings")

    @property
    def qa_done(self) -> int:
        return self._sum("qa_done")

    @property
    def grades(self) -> dict[str, int]:
        return {g: sum(self.by_quarter[q].grades.get(g, 0) for q in self.headline) for g in GRADES}

    @property
    def good_or_better_pct(self) -> float | None:
        return pct(sum(self.grades[g] for g in GOOD_OR_BETTER), self.qa_done)

    @property
    def alerts_raised(self) -> int:
        return self._sum("alerts_raised")

    @property
    def alerts_resolved(self) -> int:
        return self._sum("alerts_resolved")

    @property
    def alerts_open(self) -> int:
        return sum(self.open_by_stage.values()) + sum(self.responded_by_stage.values())

    @property
    def appreciations(self) -> int:
        return self._sum("appreciations")

    @property
    def midway_due(self) -> int:
        return self._sum("midway_due")

    @property
    def midway_done(self) -> int:
        return self._sum("midway_done")

    @property
    def midway_pct(self) -> float | None:
        return pct(self.midway_done, self.midway_due)


def pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
