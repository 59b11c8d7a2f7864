"""Alert response times count working days: weekends and England's bank holidays skipped."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from assure.reviews.stages import due_for

LONDON = ZoneInfo("Europe/London")
# Due dates follow the authority's settings page (its deadline and closure days), a row.
pytestmark = pytest.mark.django_db


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April are bank holidays.
        (at(2026, 4, 2, 10, 0), at(2026, 4, 13, 10, 0)),
        (at(2026, 4, 1, 15, 30), at(2026, 4, 10, 15, 30)),
        # Christmas 2026: Friday 25 December, Boxing Day on a Saturday so Monday 28 December
        # is the substitute day, and New Year's Day 2027 is a Friday.
        (at(2026, 12, 23, 9, 0), at(2027, 1, 4, 9, 0)),
        (at(2026, 12, 24, 12, 0), at(2027, 1, 5, 12, 0)),
        # An ordinary week: five working days is a calendar week.
        (at(2026, 3, 2, 11, 0), at(2026, 3, 9, 11, 0)),
        # Raised on a Saturday: counted from the next working days.
        (at(2026, 3, 7, 11, 0), at(2026, 3, 13, 11, 0)),
    ],
)
def test_stage_due_dates_skip_weekends_and_bank_holidays(raised: datetime, due: datetime) -> None:
    assert due_for(1, raised) == due


@override_settings(ASSURE_ALERT_RESPONSE_WORKING_DAYS={1: 2, 2: 3})
def test_response_times_are_configurable_per_stage() -> None:
    raised = at(2026, 4, 2, 10, 0)  # before Easter
    assert due_for(1, raised) == at(2026, 4, 8, 10, 0)  # 7 and 8 April
    assert due_for(2, raised) == at(2026, 4, 9, 10, 0)
    assert due_for(3, raised) == at(2026, 4, 13, 10, 0)  # the default, 5
