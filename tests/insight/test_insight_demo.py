"""The demo county's Annex A history: monthly snapshots that every insight page can show."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from assure.demo import demo_load
from assure.demo import insight as insight_demo
from assure.insight.models import AnnexAImportJob, AnnexASnapshot, IndicatorValue
from assure.insight.report import indicator_series
from assure.insight.trends import xmr
from assure.org.models import Team, User

TODAY = date(2026, 11, 17)
MONTHS = 9
CHILDREN = 2000


@pytest.fixture
def county(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A smaller demo county with fewer months of Annex A, its files under a temporary folder."""
    settings.VAR_DIR = tmp_path / "var"
    monkeypatch.setattr(
        insight_demo,
        "insight_demo_load",
        partial(insight_demo.insight_demo_load, months=MONTHS),
    )
    demo_load(children=CHILDREN, today=TODAY)


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.django_db
@pytest.mark.slow
def test_demo_load_builds_a_history_every_insight_page_shows(county: None) -> None:
    # One load (about ten seconds) checked from every side, rather than one load a check.
    check_one_snapshot_a_month_end_each_with_stored_indicators()
    check_team_mapping_lists_the_unknown_team()
    check_trend_of_assessments_in_time_shows_the_slide()
    check_pages_show_the_demo_data_to_leaders_qa_and_members()
    check_the_team_manager_sees_the_children_behind_their_teams_figure()
    check_loading_again_adds_nothing()


def test_month_ends_are_the_last_whole_months() -> None:
    assert insight_demo.month_ends(date(2026, 3, 31), 3) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert insight_demo.month_ends(date(2026, 3, 30), 2) == [date(2026, 1, 31), date(2026, 2, 28)]


def check_one_snapshot_a_month_end_each_with_stored_indicators() -> None:
    snapshots = list(AnnexASnapshot.objects.order_by("as_of"))
    assert [s.as_of for s in snapshots] == insight_demo.month_ends(TODAY, MONTHS)
    assert snapshots[-1].as_of == date(2026, 10, 31)
    assert all(s.directory.is_dir() for s in snapshots)
    assert AnnexAImportJob.objects.filter(status="imported").count() == MONTHS
    latest = snapshots[-1]
    assert set(latest.row_counts) == {f"List {n}" for n in range(1, 11)}
    problems = {p["problem"] for p in latest.problems}
    assert "date could not be read (expected dd/mm/yyyy or an Excel date)" in problems
    assert "column not in Annex A" in problems

    values = IndicatorValue.objects.filter(run__snapshot=latest)
    assert values.filter(level="la", indicator="referrals", value__gt=0).exists()
    team_units = set(values.filter(level="team").values_list("unit", flat=True))
    real = set(Team.objects.values_list("name", flat=True))
    assert len(team_units & real) >= 30
    assert insight_demo.UNKNOWN_TEAM in team_units
    assert values.filter(level="district").exists() and values.filter(level="area").exists()


def check_team_mapping_lists_the_unknown_team() -> None:
    response = signed_in("demo-admin").get("/insight/teams/")
    assert response.status_code == 200
    unmatched = [m.name for m in response.context["unmatched"]]
    assert unmatched == [insight_demo.UNKNOWN_TEAM]
    matched = {m.name for m in response.context["matched"]}
    assert "CARE LEAVERS NORTH AND EAST" in matched  # another spelling of a real team


def check_trend_of_assessments_in_time_shows_the_slide() -> None:
    indicator = "assessments_45wd_pct"
    series = indicator_series()
    points = [(p.as_of, p.value) for p in series.series[indicator]]
    assert len(points) == MONTHS and points[-1][1] < points[0][1]
    assert xmr(points, polarity="higher_better").signals

    response = signed_in("demo-director").get(f"/insight/report/trends/{indicator}/")
    assert response.status_code == 200
    assert any(s["signal"].label == "concern" for s in response.context["signals"])


def check_pages_show_the_demo_data_to_leaders_qa_and_members() -> None:
    latest = AnnexASnapshot.objects.order_by("-as_of").first()
    assert latest is not None
    pages = [
        "/insight/",
        "/insight/indicators/referrals/",
        "/insight/report/trends/",
        "/insight/report/changes/",
        f"/insight/report/snapshot/{latest.pk}/",
    ]
    for username in ("demo-director", "demo-qa", "demo-member"):
        client = signed_in(username)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (username, url)
    changes = signed_in("demo-qa").get("/insight/report/changes/?months=12")
    assert changes.context["found"]


def check_the_team_manager_sees_the_children_behind_their_teams_figure() -> None:
    auditor = User.objects.get(username="demo-auditor")
    assert auditor.team is not None
    client = signed_in("demo-auditor")
    response = client.get(f"/insight/indicators/cin_open/teams/{auditor.team.pk}/children/")
    assert response.status_code == 200
    assert b"WS1" in response.content


def check_loading_again_adds_nothing() -> None:
    before = AnnexASnapshot.objects.count()
    assert insight_demo.insight_demo_load(today=TODAY) == 0
    demo_load(children=CHILDREN, today=TODAY)
    assert AnnexASnapshot.objects.count() == before
