"""The dashboard's numbers on a hand-made set, and its query count, flat as data grows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assure.org.models import Case, Child, Team
from assure.reviews import services
from assure.reviews.dashboard import Quarter, Unit, charts, county, figures
from assure.reviews.models import Meeting
from tests.conftest import World
from tests.reviews.conftest import qa_answers

LONDON = ZoneInfo("Europe/London")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)  # type: ignore[misc]


def held(world: World, case: Case, day: date, grade: str | None, *, now: datetime) -> Meeting:
    chair = world.user("cp_chair")
    meeting = services.meeting_create(
        actor=chair, kind="cp_conference", date=day, case=case, chair=chair
    )
    if grade is not None:
        responses = qa_answers("cp_conference")
        if grade == "inadequate":
            responses["smart_timed"] = "no"
            responses["actions_in_timeframe"] = "no"
        services.meeting_qa_record(
            actor=chair,
            meeting_id=meeting.pk,
            responses=responses,
            grade=grade,
            concern="Risks not addressed" if grade == "inadequate" else "",
            now=now,
        )
    return meeting


@pytest.fixture
def handmade(world: World) -> dict[str, Any]:
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    own, team, other = world.cases["own"], world.cases["team"], world.cases["other_area"]
    autumn = at(2026, 11, 10, 10)
    held(world, own, date(2026, 8, 3), "good", now=at(2026, 8, 5, 10))
    first = held(world, own, date(2026, 10, 5), "good", now=autumn)
    held(world, team, date(2026, 10, 6), "outstanding", now=autumn)
    bad = held(world, own, date(2026, 11, 2), "inadequate", now=autumn)
    held(world, team, date(2026, 12, 1), None, now=autumn)
    held(world, other, date(2026, 10, 7), "requires_improvement", now=autumn)
    chair = world.user("cp_chair")
    alert = bad.alerts.get()
    services.alert_respond(
        actor=world.user("team_manager"), alert_id=alert.pk, text="Done", now=at(2026, 11, 12, 9)
    )
    services.alert_resolve(actor=chair, alert_id=alert.pk, text="Fine", now=at(2026, 11, 13, 10))
    services.midway_review_record(
        actor=chair,
        meeting_id=first.pk,
        review_date=date(2026, 11, 20),
        items=[{"decision": "Core group to meet", "status": "implemented"}],
    )
    return {"district": Unit("district", world.district_a.pk, "District A")}


@pytest.mark.django_db
def test_district_figures_on_a_hand_made_set(world: World, handmade: dict[str, Any]) -> None:
    f = figures(
        handmade["district"], Quarter(2026, 4), headline_span=1, chairs=True, now=at(2026, 12, 31)
    )
    assert (f.meetings, f.qa_done) == (4, 3)
    assert f.grades == {
        "outstanding": 1,
        "good": 1,
        "requires_improvement": 0,
        "inadequate": 1,
    }
    assert f.good_or_better_pct == 66.7
    assert (f.alerts_raised, f.alerts_resolved, f.alerts_open, f.overdue) == (1, 1, 0, 0)
    assert f.median_days_to_resolve == 3.0
    assert f.appreciations == 1
    # Due a mid-way review: quality-assured meetings held six weeks or more before 31 Dec.
    assert (f.midway_due, f.midway_done, f.midway_pct) == (3, 1, 33.3)
    judged = {key: (yes, n) for key, _, yes, n in f.questions}
    assert judged["smart_timed"] == (2, 3) and judged["smart_specific"] == (3, 3)
    assert judged["actions_in_timeframe"] == (2, 3)
    trend = [(r.quarter.key, r.meetings, r.qa_done) for r in (f.by_quarter[q] for q in f.quarters)]
    assert trend == [("2026-Q1", 0, 0), ("2026-Q2", 0, 0), ("2026-Q3", 1, 1), ("2026-Q4", 4, 3)]
    assert f.chairs is not None and len(f.chairs) == 1
    assert (f.chairs[0].qa_done, f.chairs[0].alerts, f.chairs[0].alert_rate) == (3, 1, 33.3)
    every = {c.key: c for c in charts(f)}
    assert set(every) >= {"grades", "judgements", "good-or-better", "open-alerts", "chairs"}
    assert every["grades"].rows[0] == ("Outstanding", 1)
    assert "66.7% good or better" in every["grades"].summary


@pytest.mark.django_db
def test_county_covers_every_team_over_the_year(world: World, handmade: dict[str, Any]) -> None:
    f = figures(county(), Quarter(2026, 4), now=at(2026, 12, 31))
    assert (f.meetings, f.qa_done) == (6, 5)
    assert f.grades["requires_improvement"] == 1 and f.grades["good"] == 2
    assert f.chairs is None


@pytest.mark.django_db
def test_the_dashboard_page_shows_each_chart_with_its_table(
    world: World, handmade: dict[str, Any], client_for: Any
) -> None:
    client = client_for("qa_pdm")
    unit = f"district:{world.district_a.pk}"
    page = client.get("/chairs/dashboard/", {"unit": unit, "quarter": "2026-Q4"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="assure-chart"') == html.count("Table: ") >= 6
    chart = client.get("/chairs/dashboard/chart/grades/", {"unit": unit, "quarter": "2026-Q4"})
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content
    assert client.get("/chairs/dashboard/chart/nothing/").status_code == 404


def grow(world: World, n: int) -> None:
    """More teams, cases, meetings, QA and alerts: an N+1 would show."""
    chair = world.user("cp_chair")
    for i in range(n):
        team = Team.objects.create(name=f"Grown {i}", service=world.csw, district=world.district_a)
        team.manager = world.user("team_manager")
        team.save()
        child = Child.objects.create(reference=f"G-{i}", age_band="5_9")
        case = Case.objects.create(
            child=child, case_type="cp", team=team, opened_on=date(2026, 1, 5)
        )
        for grade in ("inadequate", "outstanding", "good"):
            meeting = services.meeting_create(
                actor=chair,
                kind="cp_conference",
                date=date(2026, 10, 5 + i),
                case=case,
                chair=chair,
            )
            services.meeting_qa_record(
                actor=chair,
                meeting_id=meeting.pk,
                responses=qa_answers("cp_conference"),
                grade=grade,
                concern="x",
                now=at(2026, 11, 10, 10),
            )


DASHBOARD_QUERIES = {"qa_pdm": 13, "team_manager": 12, "elected_member": 10}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(DASHBOARD_QUERIES))
def test_dashboard_query_count_is_pinned_and_flat(
    world: World, handmade: dict[str, Any], client_for: Any, role: str
) -> None:
    client = client_for(role)
    url = "/chairs/dashboard/?quarter=2026-Q4"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    client.get(url)
    small = count()
    grow(world, 6)
    assert count() == small == DASHBOARD_QUERIES[role]
