"""Insight's own chart, the XmR (process behaviour) chart, built on the reports toolkit.

Every other chart (bars, grouped bars, pyramids) and their rendering live in
`assure.reports.charts`; the names are re-exported here for the callers that
reach them through insight.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt

from assure.core import clock
from assure.reports.charts import (
    BLUE,
    DARK_BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    PURPLE,
    RED,
    WIDTH,
    Cell,
    Chart,
    bar_chart,
    configure,
    fmt,
    grouped_bar_chart,
    part_label,
    pyramid_chart,
    render_png,
    render_svg,
    svg_data_uri,
)

from .trends import RULE_TEXT, XmR

__all__ = [
    "Cell",
    "Chart",
    "bar_chart",
    "fmt",
    "grouped_bar_chart",
    "pyramid_chart",
    "render_png",
    "render_svg",
    "svg_data_uri",
    "xmr_chart",
    "xmr_summary",
]


def month_complete(period: date, today: date) -> bool:
    """Whether the month of `period` is over by `today` (a month still running is "part")."""
    return (period.year, period.month) < (today.year, today.month)


def xmr_chart(
    key: str, title: str, chart: XmR, *, unit: str = "", today: date | None = None
) -> Chart:
    """An XmR chart: the values, the mean, the process limits, signals coloured by label.

    Each point sits on its own month (a month time unit, with a tick for every month), and a
    month not yet over is drawn hollow and labelled "(part)" in the table.
    """
    today = today or clock.today()
    rows: list[tuple[Cell, ...]] = []
    data: list[dict[str, Any]] = []
    for i, point in enumerate(chart.points):
        labels = chart.labels_at(i)
        rules = chart.rules_at(i)
        label = labels[0] if labels else "none"
        complete = month_complete(point.period, today)
        data.append(
            {
                "month": f"{point.period:%Y-%m}-01",
                "value": point.value,
                "signal": {"none": "No signal"}.get(label, label.capitalize()),
                "signal_key": label,
                "period": "Whole month" if complete else "Part month",
            }
        )
        rows.append(
            (
                part_label(f"{point.period:%b %Y}", complete=complete),
                point.value,
                "; ".join(RULE_TEXT[r] for r in rules)
                + (f" ({', '.join(labels)})" if rules else "")
                if rules
                else "",
            )
        )
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X(
            "utcyearmonth(month):T",
            title="Month",
            axis=alt.Axis(
                format="%b %Y",
                formatType="utc",
                labelAngle=-45,
                tickCount={"interval": "month", "step": 1},
            ),
        ),
        y=alt.Y("value:Q", title=unit or "Value", scale=alt.Scale(zero=False)),
    )
    signal_colours = alt.Scale(
        domain=["No signal", "Concern", "Improvement", "Neither"],
        range=[BLUE, RED, GREEN, PURPLE],
    )
    layers: list[alt.Chart] = [
        base.mark_line(color=LIGHT_GREY),
        base.mark_point(size=70, strokeWidth=2).encode(
            # A month still running is drawn hollow: its figure may yet change.
            fill=alt.condition(
                alt.datum.period == "Whole month",
                alt.Fill("signal:N", title="Signal", scale=signal_colours),
                alt.value("white"),
            ),
            color=alt.Color("signal:N", title="Signal", scale=signal_colours),
            shape=alt.Shape(
                "signal:N",
                title="Signal",
                scale=alt.Scale(
                    domain=["No signal", "Concern", "Improvement", "Neither"],
                    range=["circle", "triangle-down", "triangle-up", "diamond"],
                ),
            ),
        ),
    ]
    lines = []
    if chart.mean is not None:
        lines.append({"line": "Mean", "y": chart.mean})
    if chart.upper_limit is not None and chart.lower_limit is not None:
        lines.append({"line": "Upper limit", "y": chart.upper_limit})
        lines.append({"line": "Lower limit", "y": chart.lower_limit})
    if lines:
        layers.append(
            alt.Chart(alt.Data(values=lines))
            .mark_rule(strokeDash=[6, 4])
            .encode(
                y="y:Q",
                color=alt.Color(
                    "line:N",
                    title="Line",
                    scale=alt.Scale(
                        domain=["Mean", "Upper limit", "Lower limit"],
                        range=[GREY, DARK_BLUE, DARK_BLUE],
                    ),
                ),
            )
        )
    layered = alt.layer(*layers).resolve_scale(
        color="independent", shape="independent", fill="independent"
    )
    spec = configure(layered.properties(width=WIDTH, height=260, title=title))
    return Chart(
        key=key,
        title=title,
        summary=xmr_summary(title, chart)
        + (
            f" {chart.points[-1].period:%B %Y} is not yet over, so its figure is part of a month."
            if chart.points and not month_complete(chart.points[-1].period, today)
            else ""
        ),
        headers=("Month", unit or "Value", "Signal"),
        rows=tuple(rows),
        spec=spec,
        numeric=(False, True, False),
    )


def xmr_summary(title: str, chart: XmR) -> str:
    """One sentence: the span, the mean and limits, and the signals by label."""
    if not chart.points:
        return f"{title}: no monthly values yet."
    first, last = chart.points[0].period, chart.points[-1].period
    n = len(chart.points)
    span = f"{n} month{'s' if n != 1 else ''} from {first:%B %Y} to {last:%B %Y}"
    if not chart.has_limits:
        return f"{title}, {span}: too few values for process limits."
    counts = {
        lb: sum(1 for s in chart.signals if s.label == lb)
        for lb in ("concern", "improvement", "neither")
    }
    total = len(chart.signals)
    if total == 0:
        signals = "no special-cause signal: the variation is common cause"
    else:
        parts = [f"{c} {lb}" for lb, c in counts.items() if c]
        signals = f"{total} special-cause signal{'s' if total != 1 else ''} ({', '.join(parts)})"
    return (
        f"{title}, {span}: mean {fmt(chart.mean)}, natural process limits "
        f"{fmt(chart.lower_limit)} to {fmt(chart.upper_limit)}, and {signals}."
    )
