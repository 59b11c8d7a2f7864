"""wd(a, b) of the indicator definitions, checked against England's calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assure.core.working_days import (
    add_working_days,
    bank_holidays,
    is_working_day,
    working_day_calendar,
    working_days_between,
)


def _naive_wd(a: date, b: date) -> int:
    return sum(1 for k in range(1, (b - a).days + 1) if is_working_day(a + timedelta(days=k)))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 3, 29), False),  # Good Friday 2024
        (date(2024, 4, 1), False),  # Easter Monday 2024
        (date(2024, 3, 28), True),  # Maundy Thursday is an ordinary day
        (date(2025, 4, 18), False),  # Good Friday 2025
        (date(2025, 4, 21), False),  # Easter Monday 2025
        (date(2025, 12, 25), False),
        (date(2025, 12, 26), False),
        (date(2025, 12, 24), True),
        (date(2021, 12, 27), False),  # Christmas Day 2021 was a Saturday: substitute
        (date(2021, 12, 28), False),  # Boxing Day 2021 was a Sunday: substitute
        (date(2022, 1, 3), False),  # New Year's Day 2022 was a Saturday: substitute
        (date(2022, 12, 27), False),  # Christmas Day 2022 was a Sunday: substitute
        (date(2022, 9, 19), False),  # State funeral, a one-off bank holiday
        (date(2026, 8, 31), False),  # Summer bank holiday (England, not Scotland)
        (date(2026, 8, 3), True),  # Scotland's summer holiday is not England's
        (date(2026, 3, 17), True),  # St Patrick's Day is Northern Ireland only
        (date(2026, 9, 26), False),  # Saturday
        (date(2026, 9, 27), False),  # Sunday
        (date(2026, 9, 28), True),
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_same_day_is_zero() -> None:
    assert working_days_between(date(2026, 9, 30), date(2026, 9, 30)) == 0
    assert working_days_between(date(2026, 9, 26), date(2026, 9, 26)) == 0


def test_counts_days_after_start_up_to_end() -> None:
    # Monday to Friday of one week: Tue, Wed, Thu, Fri.
    assert working_days_between(date(2026, 9, 21), date(2026, 9, 25)) == 4
    # Friday to Monday: only the Monday counts.
    assert working_days_between(date(2026, 9, 25), date(2026, 9, 28)) == 1
    # Saturday to Sunday: nothing.
    assert working_days_between(date(2026, 9, 26), date(2026, 9, 27)) == 0


def test_easter_is_skipped() -> None:
    # Thursday 17 April 2025 to Tuesday 22 April: Fri and Mon are bank holidays.
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22)) == 1


def test_christmas_with_substitute_days_2021_2022() -> None:
    # Friday 24 Dec 2021 to Wednesday 5 Jan 2022. Weekdays after the start:
    # 27, 28 (substitutes), 29, 30, 31 Dec, 3 (substitute), 4, 5 Jan: five count.
    assert working_days_between(date(2021, 12, 24), date(2022, 1, 5)) == 5
    assert working_days_between(date(2022, 12, 23), date(2022, 12, 28)) == 1


def test_reversed_order_is_negative() -> None:
    a, b = date(2025, 4, 17), date(2025, 4, 22)
    assert working_days_between(b, a) == -1
    assert working_days_between(date(2026, 9, 27), date(2026, 9, 26)) == 0


def test_datetimes_are_read_as_their_dates() -> None:
    assert working_days_between(datetime(2026, 9, 21, 23, 0), datetime(2026, 9, 22, 1, 0)) == 1


def test_forty_five_working_days_across_christmas() -> None:
    start = date(2025, 11, 3)
    due = add_working_days(start, 45)
    assert working_days_between(start, due) == 45
    assert working_days_between(start, due - timedelta(days=1)) == 44
    # 9 weeks of 5 days is 45 weekdays, plus Christmas, Boxing Day and New Year's Day.
    assert due == date(2026, 1, 8)


def test_add_working_days_keeps_time_and_skips_bank_holidays() -> None:
    assert add_working_days(datetime(2025, 4, 17, 9, 30), 1) == datetime(2025, 4, 22, 9, 30)
    assert add_working_days(date(2025, 4, 22), -1) == date(2025, 4, 17)
    assert add_working_days(date(2025, 4, 19), 0) == date(2025, 4, 19)


def test_bank_holidays_in_a_year() -> None:
    assert date(2025, 5, 5) in bank_holidays(2025, 2025)
    assert len([d for d in bank_holidays(2025, 2025) if d.weekday() < 5]) == 8


def test_calendar_ordinals_give_wd() -> None:
    cal = working_day_calendar(date(2021, 12, 1), date(2022, 1, 31))
    ordinal = dict(zip(cal["day"], cal["ordinal"], strict=True))
    assert ordinal[date(2021, 12, 1)] == 0
    a, b = date(2021, 12, 24), date(2022, 1, 5)
    assert ordinal[b] - ordinal[a] == working_days_between(a, b) == 5


def test_calendar_rejects_reversed_range() -> None:
    with pytest.raises(ValueError):
        working_day_calendar(date(2022, 1, 2), date(2022, 1, 1))


@settings(deadline=None)  # the first call builds the bank-holiday cache
@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2060, 12, 31)),
    st.integers(min_value=0, max_value=400),
)
def test_matches_day_by_day_count(a: date, span: int) -> None:
    b = a + timedelta(days=span)
    assert working_days_between(a, b) == _naive_wd(a, b)
    assert working_days_between(b, a) == -_naive_wd(a, b)


@settings(deadline=None)  # the first call builds the bank-holiday cache
@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2060, 12, 31)),
    st.integers(min_value=1, max_value=120),
)
def test_add_then_count_round_trips(start: date, n: int) -> None:
    due = add_working_days(start, n)
    assert working_days_between(start, due) == n
    assert is_working_day(due)
