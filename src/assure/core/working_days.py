"""Working days in England: Monday to Friday, less England's bank holidays.

Pure functions (no Django), shared by the indicator engine and by anything
that sets a due date. `working_days_between(a, b)` is exactly `wd(a, b)` of
the indicator definitions: the number of days `d` with `a < d <= b` that are
working days.

Bank holidays come from the `holidays` package (GB, subdivision ENG). It
lists the substitute day when Christmas, Boxing Day or New Year's Day falls
on a weekend (27 and 28 December 2021, 3 January 2022), so those are
already non-working days here.

A council also closes on days of its own (an extra day at Christmas, say).
Those are set on the authority's settings page, and the functions that set
Assure's own deadlines take them as `closures`: days that are not working
days either. The indicator engine's calendar leaves them out on purpose: the
indicators are the DfE's, counted over England's working days, so that a
council's figures stay comparable with its neighbours'.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TypeVar

import holidays

# Years are cached in blocks so a run of calls for nearby dates does one lookup.
_BLOCK = 50

_D = TypeVar("_D", date, datetime)


@lru_cache(maxsize=16)
def _holidays_in_block(block: int) -> frozenset[date]:
    first = block * _BLOCK
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(first, first + _BLOCK))
    return frozenset(calendar.keys())


@lru_cache(maxsize=16)
def _weekday_holidays_in_block(block: int) -> tuple[date, ...]:
    """Sorted bank holidays of the block that fall Monday to Friday."""
    return tuple(sorted(d for d in _holidays_in_block(block) if d.weekday() < 5))


def bank_holidays(first_year: int, last_year: int) -> list[date]:
    """England's bank holidays from 1 January `first_year` to 31 December `last_year`."""
    out: list[date] = []
    for block in range(first_year // _BLOCK, last_year // _BLOCK + 1):
        out.extend(d for d in _holidays_in_block(block) if first_year <= d.year <= last_year)
    return sorted(out)


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def is_bank_holiday(d: date | datetime) -> bool:
    day = _as_date(d)
    return day in _holidays_in_block(day.year // _BLOCK)


def is_working_day(d: date | datetime, *, closures: Collection[date] = ()) -> bool:
    """Monday to Friday, not a bank holiday in England, and not one of `closures`."""
    day = _as_date(d)
    return day.weekday() < 5 and not is_bank_holiday(day) and day not in closures


def _weekdays_up_to(day: date) -> int:
    """Monday-Friday days from an arbitrary fixed origin up to and including `day`."""
    # date.toordinal() is 1 for Monday 0001-01-01: it counts the days of whole
    # Monday-started weeks, and any partial week's first five days are weekdays.
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _weekday_holidays_up_to(day: date) -> int:
    """Weekday bank holidays on or before `day`, counted from the start of its block range."""
    total = 0
    last_block = day.year // _BLOCK
    # Blocks are counted from a fixed early block so that differences are exact.
    for block in range(_ORIGIN_BLOCK, last_block):
        total += len(_weekday_holidays_in_block(block))
    return total + bisect.bisect_right(_weekday_holidays_in_block(last_block), day)


# Earlier dates than this block never occur in children's services records.
_ORIGIN_BLOCK = 1900 // _BLOCK


def _working_ordinal(day: date) -> int:
    """Working days from a fixed origin up to and including `day`; wd(a, b) = ord(b) - ord(a)."""
    return _weekdays_up_to(day) - _weekday_holidays_up_to(day)


def working_days_between(
    a: date | datetime, b: date | datetime, *, closures: Collection[date] = ()
) -> int:
    """wd(a, b): working days d with a < d <= b; 0 when a and b are the same day.

    When b is before a the result is the negated count for (b, a], so it is
    0 or negative: `working_days_between(a, b) == -working_days_between(b, a)`.
    Times of day are ignored.
    """
    start, end = _as_date(a), _as_date(b)
    if end < start:
        return -working_days_between(end, start, closures=closures)
    if end.year < 1900 or start.year < 1900:
        # Outside the cached range: count directly (rare, small spans in practice).
        return sum(
            1
            for k in range(1, (end - start).days + 1)
            if is_working_day(start + timedelta(k), closures=closures)
        )
    # A closure day that would otherwise be a working day takes one off the count.
    closed = sum(1 for c in closures if start < c <= end and is_working_day(c))
    return _working_ordinal(end) - _working_ordinal(start) - closed


def add_working_days(start: _D, n: int, *, closures: Collection[date] = ()) -> _D:
    """The day n working days after `start` (before it when n < 0), keeping any time of day.

    For n > 0 this is the first day r with working_days_between(start, r) == n,
    which is always a working day; n == 0 returns `start` unchanged.
    """
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = start
    while remaining:
        current = current + timedelta(days=step)
        if is_working_day(current, closures=closures):
            remaining -= 1
    return current


def working_day_calendar(first: date, last: date) -> dict[str, list[date] | list[int]]:
    """Columns `day` and `ordinal` for every day from `first` to `last` inclusive.

    `ordinal` counts working days from `first` (exclusive) to `day` (inclusive),
    so for any two days in the range wd(a, b) = ordinal(b) - ordinal(a). The
    dict converts straight into a DuckDB or Arrow table, letting wd() be a
    join instead of a Python call per row.
    """
    if last < first:
        raise ValueError("last must not be before first")
    holidays_in_range = set(bank_holidays(first.year, last.year))
    days: list[date] = []
    ordinals: list[int] = []
    running = 0
    current = first
    one = timedelta(days=1)
    while current <= last:
        if current != first and current.weekday() < 5 and current not in holidays_in_range:
            running += 1
        days.append(current)
        ordinals.append(running)
        current += one
    return {"day": days, "ordinal": ordinals}
