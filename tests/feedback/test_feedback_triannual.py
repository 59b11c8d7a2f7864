"""The feedback channels' sections of the triannual report."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assure.core import clock
from assure.feedback import services
from assure.reports.triannual import Period, TriannualContext, build
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Any:
    with clock.frozen(date(2026, 12, 20)):
        yield


def _rows(section: Any, n: int = 0) -> dict[str, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in section.tables[n].rows}


def _sections(public: bool = False) -> dict[str, Any]:
    report = build(TriannualContext(Period(2026, 3), public=public))
    return {s.key: s for s in report.sections}


def test_each_channel_counts_in_its_section_beside_earlier_periods(world: World) -> None:
    qa = world.user("qa_pdm")
    for n in range(6):
        services.feedback_record(
            actor=qa,
            channel="complaint" if n % 2 else "compliment",
            received_on=date(2026, 10, 1 + n),
            text="The worker was kind.",
            rating=2 + n % 3,
            themes=["Respect and kindness"],
            response="Thank you." if n == 0 else "",
        )
    services.feedback_record(
        actor=qa, channel="complaint", received_on=date(2026, 5, 1), text="Late letters."
    )
    services.feedback_record(
        actor=qa, channel="staff", received_on=date(2025, 10, 1), text="Busy.", rating=3
    )
    sections = _sections()
    complaints = _rows(sections["complaints"])
    assert complaints["Feedback received from complaints and compliments"] == (6, 1, 0)
    assert complaints["of which complaints"] == (3, 1, 0)
    assert complaints["Answered: you said, we did"] == (1, 0, 0)
    assert complaints["Average rating (out of 5)"][0] == 3.0
    assert _rows(sections["complaints"], 1)["Respect and kindness"][0] == 6
    staff = _rows(sections["staff"])
    assert staff["Feedback received from staff"] == (0, 0, 1)
    for key in ("children", "parents", "partners"):
        assert sections[key].tables, key
    public = _sections(public=True)
    shown = _rows(public["complaints"])
    assert shown["of which complaints"] == ("fewer than 5", "fewer than 5", 0)
    assert shown["Feedback received from complaints and compliments"][0] == 6
    assert _rows(public["staff"])["Average rating (out of 5)"] == (None, None, None)
    # Never the words of feedback, in either version.
    for version in (sections, public):
        text = repr([(s.intro, s.tables) for s in version.values()])
        assert "The worker was kind" not in text and "Late letters" not in text
