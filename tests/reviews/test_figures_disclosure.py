"""Chairs' figures go only to those who see them on the dashboard, and readers of
aggregates only never see a count from 1 to 4 (the DfE suppression convention)."""

from __future__ import annotations

from typing import Any

import pytest

from assure.reviews.dashboard import Quarter, charts, county, figures
from assure.reviews.suppression import FEWER_THAN_5, WITHHELD, suppress_small
from tests.conftest import World
from tests.reviews.test_dashboard import at, handmade  # noqa: F401  (the fixture)


def test_suppress_small_follows_the_convention() -> None:
    assert suppress_small(0) == suppress_small(0, None)
    assert (suppress_small(0).count, suppress_small(0).rate) == (0, None)
    assert suppress_small(3).count == FEWER_THAN_5
    assert suppress_small(5).count == 5
    assert suppress_small(4, 100).rate == WITHHELD  # the count is small
    assert suppress_small(20, 4).rate == WITHHELD  # the base is small
    assert suppress_small(97, 100).rate == WITHHELD  # the rest of the base is small
    assert suppress_small(0, 12).rate == 0.0
    assert suppress_small(6, 12).rate == 50.0
    assert suppress_small(12, 12).rate == 100.0


CHART = "/chairs/dashboard/chart/chairs/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "unit", "expected"),
    [
        ("elected_member", "county", 404),
        ("analyst", "county", 404),
        ("team_manager", "district", 404),
        ("service_manager", "district", 404),
        ("qa_pdm", "district", 200),
        ("cp_chair", "county", 200),
        ("director", "district", 200),
    ],
)
def test_the_chairs_chart_goes_only_to_who_sees_chairs_on_the_dashboard(
    world: World,
    handmade: Any,  # noqa: F811
    client_for: Any,
    role: str,
    unit: str,
    expected: int,
) -> None:
    key = "county" if unit == "county" else f"district:{world.district_a.pk}"
    client = client_for(role)
    for query in ({"pack": "1"}, {}):
        response = client.get(CHART, {"unit": key, "quarter": "2026-Q4", **query})
        assert response.status_code == expected, query


@pytest.mark.django_db
def test_the_pack_shows_patterns_by_chair_only_to_who_may_see_them(
    world: World,
    handmade: Any,  # noqa: F811
    client_for: Any,
) -> None:
    query = {"district": world.district_a.pk, "quarter": "2026-Q4"}
    manager = client_for("service_manager").get("/chairs/pack/", query).content.decode()
    assert "Grades by chair" not in manager
    qa_unit = client_for("qa_pdm").get("/chairs/pack/", query).content.decode()
    assert "Grades by chair" in qa_unit


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["elected_member", "analyst"])
def test_readers_of_aggregates_see_no_count_from_one_to_four(
    world: World,
    handmade: Any,  # noqa: F811
    client_for: Any,
    role: str,
) -> None:
    page = client_for(role).get("/chairs/dashboard/", {"quarter": "2026-Q4"})
    assert page.status_code == 200
    html = page.content.decode()
    # The county over the year: 6 meetings, 5 quality-assured (1 outstanding, 2 good, ...),
    # 1 alert raised and resolved, 1 appreciation.
    assert html.count(FEWER_THAN_5) >= 5
    assert ">6<" in html and ">5<" in html  # counts of five or more are shown
    assert "60%" not in html and WITHHELD in html  # 3 of 5 good or better: withheld
    assert "Median time to resolve (days)</th><td" in html
    f = figures(county(), Quarter(2026, 4), now=at(2026, 12, 31))
    shown = {c.key: c for c in charts(f, suppress=True)}
    assert dict(shown["grades"].rows)["Good"] == FEWER_THAN_5
    assert "fewer than 5 practice alerts raised" in shown["alerts-appreciations"].summary
    for chart in shown.values():
        for row in chart.rows:
            assert not any(isinstance(v, int) and 0 < v < 5 for v in row[1:]), chart.key


@pytest.mark.django_db
def test_staff_see_the_exact_figures(
    world: World,
    handmade: Any,  # noqa: F811
    client_for: Any,
) -> None:
    html = client_for("qa_pdm").get("/chairs/dashboard/", {"quarter": "2026-Q4"}).content.decode()
    assert FEWER_THAN_5 not in html and WITHHELD not in html
    assert "60%" in html  # 3 of 5 good or better
