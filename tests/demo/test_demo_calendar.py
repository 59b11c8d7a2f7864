"""The demo's Annex A history counts working days exactly as the application does."""

from __future__ import annotations

from datetime import date, timedelta

from assure.core.working_days import add_working_days, is_working_day, working_days_between
from assure.demo.insight.calendar import Calendar, month_end, months_back


def test_stepping_through_working_days_agrees_with_core_from_any_day() -> None:
    cal = Calendar(date(2026, 1, 1), date(2028, 12, 31))
    # Weekends, Christmas, New Year, Easter and 29 February among the starts.
    starts = [date(2026, 12, 1) + timedelta(days=k) for k in range(125)]
    starts += [date(2028, 2, 20) + timedelta(days=k) for k in range(15)]
    for start in starts:
        assert cal.add(start, 0) == start
        for n in (1, 2, 10, 45, 95):
            assert cal.add(start, n) == add_working_days(start, n), (start, n)
        # Back from a month end, the way the indicators count: a visit "ten working
        # days before" a Saturday is wd(visit, Saturday) = 10, never 9 or 11.
        for n in (1, 10, 11, 25):
            back = cal.add(start, -n)
            assert is_working_day(back), (start, n)
            assert working_days_between(back, start) == n, (start, n)
            assert working_days_between(add_working_days(back, 1), start) == n - 1, (start, n)


def test_month_ends_count_back_through_short_months() -> None:
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)
    assert months_back(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert months_back(date(2027, 1, 31), 13) == date(2025, 12, 31)
    assert months_back(date(2027, 1, 31), 0) == date(2027, 1, 31)
