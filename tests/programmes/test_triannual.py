"""The programmes' triannual sections: counts for the period, the one before and a year before."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from assure.core import clock
from assure.programmes import services
from assure.reports.triannual import Period, TriannualContext, build
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")


def _section(report: object, key: str) -> object:
    return next(s for s in report.sections if s.key == key)  # type: ignore[attr-defined]


def test_coa_counts_programmes_observations_findings_and_actions(world: World) -> None:
    qa = world.user("qa_pdm")
    with clock.frozen(datetime(2026, 10, 6, 10, tzinfo=LONDON)):
        visit = services.programme_create(
            actor=qa,
            kind="coa",
            title="Visit",
            starts_on="2026-10-05",
            ends_on="2026-10-09",
            district=world.district_a.name,
        )
        services.observation_start(
            actor=qa, programme_id=visit.pk, setting="home_visit", observed_on="2026-10-06"
        )
        for text in ("One", "Two"):
            services.programme_finding_add(
                actor=qa, programme_id=visit.pk, text_=text, theme="Voice", kind="strength"
            )
        services.programme_action_add(
            actor=qa,
            programme_id=visit.pk,
            description="Share it",
            owner="team_manager",
            due_date="2026-12-01",
        )
    report = build(TriannualContext(Period(2026, 3)))
    coa = _section(report, "coa")
    rows = {r[0]: r[1:] for t in coa.tables for r in t.rows}  # type: ignore[attr-defined]
    assert rows["Child Outcome Analysis visits in the period"] == (1, 0, 0)
    assert rows["of which planned at the time of the report"] == (1, 0, 0)
    assert rows["Findings recorded: strengths"] == (2, 0, 0)
    assert rows["Actions raised"] == (1, 0, 0)
    assert rows["Home visit"] == (1, 0, 0)
    assert rows["Voice"] == (2, 0, 0)
    public = build(TriannualContext(Period(2026, 3), public=True))
    shown = {r[0]: r[1:] for t in _section(public, "coa").tables for r in t.rows}  # type: ignore[attr-defined]
    assert "Voice" not in shown  # a theme is the circle's words: not in the public version
    assert shown["Findings recorded: strengths"][0] == "fewer than 5"
    for key in ("thematic", "learning-events", "learning-reviews"):
        assert not _section(report, key).is_empty  # type: ignore[attr-defined]
