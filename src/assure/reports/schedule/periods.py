"""The periods a report of each cadence covers, their names and their due dates.

Names follow the contract: a month `YYYY-MM` (monthly, and two-monthly by
the first month of the pair: 2026-01 is January and February), a quarter
`YYYY-QN` (calendar quarters), a triannual period `YYYY-TN`, a year `YYYY`.
A daily report (a live dashboard) has no period here: Assure neither makes
nor reminds it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from assure.core.errors import InvalidInput

MONTHS_IN = {"monthly": 1, "bimonthly": 2, "quarterly": 3, "triannual": 4, "annual": 12}
EXAMPLES = {
    "monthly": "2026-09",
    "bimonthly": "2026-09 (September and October)",
    "quarterly": "2026-Q3",
    "triannual": "2026-T3",
    "annual": "2026",
}


@dataclass(frozen=True, order=True)
class SchedulePeriod:
    starts_on: date
    ends_before: date
    key: str

    @property
    def last_day(self) -> date:
        return self.ends_before - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _key(cadence: str, start: date) -> str:
    if cadence == "annual":
        return f"{start.year}"
    if cadence == "quarterly":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if cadence == "triannual":
        return f"{start.year}-T{(start.month - 1) // 4 + 1}"
    return f"{start.year}-{start.month:02d}"


def period_containing(cadence: str, day: date) -> SchedulePeriod:
    months = MONTHS_IN[cadence]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    return SchedulePeriod(start, _add_months(start, months), _key(cadence, start))


def following(cadence: str, period: SchedulePeriod) -> SchedulePeriod:
    return period_containing(cadence, period.ends_before)


def parse(cadence: str, text: str) -> SchedulePeriod:
    """The period `text` names for a report of `cadence`, or 400 naming `period`."""
    text = text.strip()
    patterns = {
        "annual": r"^(\d{4})$",
        "quarterly": r"^(\d{4})-Q([1-4])$",
        "triannual": r"^(\d{4})-T([1-3])$",
        "monthly": r"^(\d{4})-(0[1-9]|1[0-2])$",
        "bimonthly": r"^(\d{4})-(0[13579]|11)$",
    }
    if cadence not in patterns:
        raise InvalidInput({"period": "Assure makes no document for a daily report."})
    match = re.match(patterns[cadence], text)
    if not match:
        raise InvalidInput(
            {"period": f"A {cadence} report's period looks like {EXAMPLES[cadence]}."}
        )
    year = int(match.group(1))
    part = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 1
    month = {"quarterly": 3 * (part - 1) + 1, "triannual": 4 * (part - 1) + 1}.get(cadence, part)
    return period_containing(cadence, date(year, month, 1))


def due_on(cadence: str, period: SchedulePeriod, *, due_days: int, due_month: int | None) -> date:
    """When the report of `period` is due: `due_days` after it ends, or for an annual
    report with a month, the last day of that month in the year after its year."""
    if cadence == "annual" and due_month:
        year = period.starts_on.year + 1
        return date(year, due_month, calendar.monthrange(year, due_month)[1])
    return period.ends_before + timedelta(days=due_days)
