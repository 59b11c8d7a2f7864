"""Charts say what their tables say: read each chart's Vega-Lite and compare.

Every bar is its own figure (never a sum of bars), labels and legends are never cut,
axis titles sit clear of the labels, trend points sit on their own month, and a period not
yet over is marked in the chart and in its table.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import vl_convert as vlc

from assure.core import clock
from assure.insight.charts import xmr_chart
from assure.insight.trends import xmr
from assure.reports.charts import (
    LABEL_LINE,
    bar_chart,
    grouped_bar_chart,
    pyramid_chart,
    wrapped,
)
from assure.reviews.dashboard.charts import _chairs_chart, charts
from assure.reviews.dashboard.periods import Quarter
from assure.reviews.dashboard.rows import ChairRow, Figures, QuarterRow
from assure.reviews.dashboard.units import county

LONG = "Foster placement with other foster carer - long term"


def layers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield spec
    for layer in spec.get("layer", []):
        yield from layers(layer)


def encodings(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [layer["encoding"] for layer in layers(spec) if "encoding" in layer]


def data_of(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for layer in layers(spec) for row in layer.get("data", {}).get("values", [])]


def test_a_bar_is_the_figure_in_its_table_and_long_labels_wrap_whole() -> None:
    chart = bar_chart("k", "Placements", "s", [LONG, "Children's homes"], [185, 84])
    drawn = {row["category"]: row["value"] for row in data_of(chart.spec)}
    assert drawn == dict(chart.rows) == {LONG: 185, "Children's homes": 84}
    for encoding in encodings(chart.spec):
        assert encoding["x"].get("stack", "absent") is None  # never a sum of bars
        axis = encoding["y"]["axis"]
        assert axis["labelLimit"] == 0  # never cut short
        # The title is level with the labels, above them, so it cannot cover them.
        assert axis["titleAngle"] == 0 and axis["titleY"] < 0
        # The long label is drawn on lines made of its own words, all of them.
        assert " ".join(wrapped(LONG)) == LONG and len(wrapped(LONG)) > 1
        assert all(len(line) <= LABEL_LINE for line in wrapped(LONG))
        for line in wrapped(LONG):
            assert line in axis["labelExpr"]
    assert chart.spec["config"]["axis"]["labelLimit"] == 0
    assert chart.spec["config"]["legend"]["labelLimit"] == 0
    assert chart.spec["config"]["legend"]["orient"] == "bottom"
    assert chart.spec["config"]["axisQuantitative"]["labelOverlap"] is True  # no run-ins
    assert "<svg" in vlc.vegalite_to_svg(chart.spec)  # and Vega renders it


def test_grouped_bars_stand_side_by_side_and_match_the_table() -> None:
    rows = [("A", "Good", 40.0), ("A", "Inadequate", 60.0), ("B", "Good", 25.0)]
    chart = grouped_bar_chart("k", "T", "s", rows, value_title="% of their QA")
    (encoding,) = encodings(chart.spec)
    assert encoding["x"]["stack"] is None and encoding["yOffset"]["field"] == "series"
    drawn = {(r["category"], r["series"]): r["value"] for r in data_of(chart.spec)}
    table = {
        (row[0], series): value
        for row in chart.rows
        for series, value in zip(chart.headers[1:], row[1:], strict=True)
        if value is not None
    }
    assert drawn == table == {(c, s): v for c, s, v in rows}
    assert "format" not in encoding["x"].get("axis", {})  # percent figures, not fractions


def test_a_repeated_category_and_series_is_refused_rather_than_drawn_end_to_end() -> None:
    rows = [("Gus Hollis", "Good", 100.0), ("Gus Hollis", "Good", 40.0)]
    try:
        grouped_bar_chart("k", "Grades by chair (%)", "s", rows)
    except ValueError as error:
        assert "more than once" in str(error)
    else:
        raise AssertionError("a repeated pair was drawn")


def _figures(chairs: list[ChairRow], today: date) -> Figures:
    last = Quarter.of(today)
    quarters = last.back(4)
    by_quarter = {q: QuarterRow(q, meetings=10, qa_done=10, grades={"good": 4}) for q in quarters}
    return Figures(
        unit=county(),
        quarters=quarters,
        headline=quarters,
        by_quarter=by_quarter,
        questions=[],
        open_by_stage={},
        responded_by_stage={},
        overdue=0,
        median_days_to_resolve=None,
        chairs=chairs,
        now=datetime(today.year, today.month, today.day, 9),
    )


def test_grades_by_chair_draw_each_chairs_own_percentages_even_when_two_share_a_name() -> None:
    chairs = [
        ChairRow(1, "Gus Hollis", grades={"good": 5}),  # 100% good
        ChairRow(2, "Gus Hollis", grades={"good": 2, "inadequate": 3}),  # 40% good
        ChairRow(3, "Dana Hollis", grades={"outstanding": 1, "good": 3}),
    ]
    chart = _chairs_chart(_figures(chairs, date(2026, 12, 7)))
    drawn = {(r["category"], r["series"]): r["value"] for r in data_of(chart.spec)}
    assert max(drawn.values()) <= 100
    assert drawn[("Gus Hollis (1 of 2)", "Good")] == 100.0
    assert drawn[("Gus Hollis (2 of 2)", "Good")] == 40.0
    assert [row[0] for row in chart.rows] == [
        "Gus Hollis (1 of 2)",
        "Gus Hollis (2 of 2)",
        "Dana Hollis",
    ]
    good = chart.headers.index("Good")
    assert {row[0]: row[good] for row in chart.rows} == {
        "Gus Hollis (1 of 2)": 100.0,
        "Gus Hollis (2 of 2)": 40.0,
        "Dana Hollis": 75.0,
    }
    (encoding,) = encodings(chart.spec)
    assert encoding["x"]["stack"] is None


def test_the_quarter_still_running_is_marked_part_in_the_charts_and_their_tables() -> None:
    with clock.frozen(datetime(2026, 12, 7, 9)):
        shown = charts(_figures([], date(2026, 12, 7)))
    by_key = {c.key: c for c in shown}
    for key in ("good-or-better", "midway", "alerts-appreciations"):
        labels = [row[0] for row in by_key[key].rows]
        assert labels == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4 (part)"], key
        drawn = {r["category"] for r in data_of(by_key[key].spec)}
        assert "2026-Q4 (part)" in drawn and "2026-Q4" not in drawn
    # The good-or-better bar is the table's percentage: 4 of 10 is 40, not 0.4 nor 140.
    assert dict(by_key["good-or-better"].rows)["2026-Q3"] == 40.0
    assert {r["value"] for r in data_of(by_key["good-or-better"].spec)} == {40.0}
    # Once the quarter is over, it is no longer marked.
    assert Quarter(2026, 4).shown(date(2027, 1, 1)) == "2026-Q4"


def test_trend_points_sit_on_their_own_month_and_the_running_month_is_marked() -> None:
    points = [(date(2026, m, 28), 90.0 + m % 3) for m in range(1, 12)] + [(date(2026, 12, 7), 80.0)]
    chart = xmr_chart("t", "Visits", xmr(points, polarity="high"), today=date(2026, 12, 7))
    base = next(e for e in encodings(chart.spec) if "x" in e)
    assert base["x"]["timeUnit"] == "utcyearmonth" and base["x"]["type"] == "temporal"
    assert base["x"]["axis"]["tickCount"] == {"interval": "month", "step": 1}
    values = next(
        rows
        for layer in layers(chart.spec)
        if (rows := layer.get("data", {}).get("values", [])) and "month" in rows[0]
    )
    # Each point is placed at the start of its own month, whatever day the figure was taken.
    assert [row["month"] for row in values] == [f"2026-{m:02d}-01" for m in range(1, 13)]
    assert [row["value"] for row in values] == [row[1] for row in chart.rows]
    assert [row["period"] for row in values] == ["Whole month"] * 11 + ["Part month"]
    assert chart.rows[-1][0] == "Dec 2026 (part)" and chart.rows[0][0] == "Jan 2026"
    assert "not yet over" in chart.summary
    # The same series read after the month is over has nothing marked.
    later = xmr_chart("t", "Visits", xmr(points, polarity="high"), today=date(2027, 1, 4))
    assert not any("(part)" in str(row[0]) for row in later.rows)
    assert "<svg" in vlc.vegalite_to_svg(chart.spec)


def test_a_pyramids_bars_are_its_table_and_its_bands_are_not_cut() -> None:
    chart = pyramid_chart("p", "Ages", "s", ["Under 1", "1-4"], ("Boys", [3, 4]), ("Girls", [5, 6]))
    drawn = {(r["band"], r["side"]): r["count"] for r in data_of(chart.spec)}
    assert drawn == {
        ("Under 1", "Boys"): 3,
        ("Under 1", "Girls"): 5,
        ("1-4", "Boys"): 4,
        ("1-4", "Girls"): 6,
    }
    assert chart.rows == (("Under 1", 3, 5), ("1-4", 4, 6))
    (encoding,) = encodings(chart.spec)
    assert encoding["y"]["axis"]["labelLimit"] == 0
