"""The dashboard's figures as they are shown to one reader: every count and rate goes
through `Show`, which suppresses small numbers for readers of aggregates only."""

from __future__ import annotations

from dataclasses import dataclass

from assure.core import clock
from assure.insight.charts import fmt

from ..suppression import suppress_small
from .rows import GOOD_OR_BETTER, Figures, pct

Cell = int | float | str | None


@dataclass(frozen=True)
class Show:
    suppress: bool = False

    def count(self, n: int) -> int | str:
        return suppress_small(n).count if self.suppress else n

    def rate(self, part: int, whole: int) -> float | str | None:
        return suppress_small(part, whole).rate if self.suppress else pct(part, whole)

    @staticmethod
    def text(value: Cell, unit: str = "") -> str:
        """A shown figure in a sentence or a table cell."""
        if value is None:
            return "no value"
        if isinstance(value, str):
            return value
        return f"{fmt(value)}{unit}"


def number(cell: Cell) -> int | float | None:
    """What a chart may plot: the number, or nothing where the number is not shown."""
    return None if isinstance(cell, str) else cell


def headline_rows(f: Figures, show: Show) -> list[tuple[str, str]]:
    """The headline table: (measure, figure as shown)."""
    resolved = show.count(f.alerts_resolved)
    good = sum(f.grades[g] for g in GOOD_OR_BETTER)
    midway_rate = show.rate(f.midway_done, f.midway_due)
    midway = f"{show.text(show.count(f.midway_done))} of {show.text(show.count(f.midway_due))}"
    if midway_rate is not None:
        midway += f" ({show.text(midway_rate, '%')})"
    return [
        ("Conferences and reviews held", show.text(show.count(f.meetings))),
        ("Quality-assured by the chair", show.text(show.count(f.qa_done))),
        ("Graded good or better", show.text(show.rate(good, f.qa_done), "%")),
        ("Practice alerts raised", show.text(show.count(f.alerts_raised))),
        ("Practice alerts resolved", show.text(resolved)),
        (
            "Median time to resolve (days)",
            # A median of fewer than five alerts is itself one of them.
            show.text(resolved if isinstance(resolved, str) else f.median_days_to_resolve),
        ),
        ("Practice alerts open now", show.text(show.count(f.alerts_open))),
        ("Open alerts overdue for a response", show.text(show.count(f.overdue))),
        ("Practice appreciations", show.text(show.count(f.appreciations))),
        ("Mid-way reviews completed", midway),
    ]


TREND_HEADERS = (
    "Quarter",
    "Meetings",
    "QA recorded",
    "Good or better",
    "Alerts raised",
    "Alerts resolved",
    "Appreciations",
    "Mid-way reviews",
)


def trend_rows(f: Figures, show: Show) -> list[tuple[str, ...]]:
    """Each quarter's meetings, QA, alerts and appreciations, as shown."""
    out: list[tuple[str, ...]] = []
    today = clock.today()
    for q in f.quarters:
        r = f.by_quarter[q]
        out.append(
            (
                r.quarter.shown(today),
                show.text(show.count(r.meetings)),
                show.text(show.count(r.qa_done)),
                show.text(show.rate(r.good_or_better, r.qa_done), "%"),
                show.text(show.count(r.alerts_raised)),
                show.text(show.count(r.alerts_resolved)),
                show.text(show.count(r.appreciations)),
                f"{show.text(show.count(r.midway_done))} of {show.text(show.count(r.midway_due))}",
            )
        )
    return out
