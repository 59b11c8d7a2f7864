"""Each section's figures for the period, the one before it, and the same period a year before."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from assure.core import clock
from assure.reports.tables import Cell, Table

from .period import Period


@dataclass(frozen=True)
class TriannualContext:
    """What every section is given: the period, and whether small numbers must be hidden."""

    period: Period
    # The version for elected members and children in care councils: no count
    # under 5 (a child could be recognised), no text written about a child.
    public: bool = False

    @property
    def periods(self) -> tuple[Period, Period, Period]:
        return (self.period, self.period.previous(), self.period.year_before())

    def headers(self, first: str = "Measure") -> tuple[str, ...]:
        this, before, year_ago = self.periods
        return (
            first,
            this.short,
            f"{before.short} (previous)",
            f"{year_ago.short} (a year before)",
        )

    def shown(self, count: int | None) -> Cell:
        """A count as the reader may see it (fewer than 5 is hidden in the public version)."""
        if count is None:
            return None
        if self.public and 0 < count < 5:
            return "fewer than 5"
        return count


def bounds(period: Period) -> tuple[datetime, datetime]:
    """The period's first moment and the first moment after it, in the authority's time zone."""
    return (
        clock.local_moment(period.starts_on, 0, 0),
        clock.local_moment(period.ends_before, 0, 0),
    )


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


Measure = Callable[[Period], Cell]
# Each period's counts by name, as a section's queries give them.
Counts = Mapping[Period, Mapping[str, int]]


def count_of(context: TriannualContext, counts: Counts, key: str) -> Measure:
    """A count as the reader may see it, for each period (none counted: 0)."""
    return lambda p: context.shown(counts[p].get(key, 0))


def share_of(counts: Counts, key: str, whole: str = "total") -> Measure:
    """A count as a percentage of another, for each period."""
    return lambda p: percent(counts[p].get(key, 0), counts[p].get(whole, 0))


def comparison_table(
    context: TriannualContext,
    title: str,
    measures: Sequence[tuple[str, Measure]],
    note: str = "",
) -> Table:
    """One row per measure, one column per period (this, previous, a year before)."""
    rows = tuple((label, *(measure(p) for p in context.periods)) for label, measure in measures)
    return Table(title=title, headers=context.headers(), rows=rows, note=note)
