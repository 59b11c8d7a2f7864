"""Month ends and working days over the demo's months of Annex A."""

from __future__ import annotations

import bisect
from datetime import date, timedelta

from assure.audits.models import add_months
from assure.core.working_days import is_working_day


class Calendar:
    """Working days over the history, for fast arithmetic in working days."""

    def __init__(self, first: date, last: date) -> None:
        self.days = [
            first + timedelta(n)
            for n in range((last - first).days + 1)
            if is_working_day(first + timedelta(n))
        ]

    def add(self, start: date, n: int) -> date:
        """n working days after `start`, as add_working_days counts; for n < 0, the
        latest working day n working days before `start` as wd() counts them
        (working_days_between(day, start) == -n), so that a visit drawn as "ten
        working days before" a Saturday month end is ten before it for the indicator.
        """
        if not n:
            return start
        # Count from the last working day on or before `start`: the working days after
        # it are those after `start` (n > 0), and it is the first of those back (n < 0).
        i = bisect.bisect_right(self.days, start) - 1
        return self.days[max(0, min(len(self.days) - 1, i + n))]

    def in_month(self, first: date, last: date) -> list[date]:
        lo = bisect.bisect_left(self.days, first)
        hi = bisect.bisect_right(self.days, last)
        return self.days[lo:hi] or [first]


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return add_months(day, 1) - timedelta(days=1)


def months_back(end: date, n: int) -> date:
    """The month end n months before the month end `end`."""
    return add_months(end, 1 - n) - timedelta(days=1)


def month_ends(today: date, months: int) -> list[date]:
    """The last `months` month ends on or before `today`, oldest first."""
    last = month_end(today)
    if last > today:
        last = months_back(last, 1)
    return [months_back(last, n) for n in range(months - 1, -1, -1)]
