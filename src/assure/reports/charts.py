"""Charts as Vega-Lite specifications, each with its data table and one sentence.

The reports toolkit's charts: any app builds its charts here (bar, grouped
bar, pyramid; an app with a chart of its own, such as insight's XmR chart,
builds it on `Chart` and `configure`).

Specifications are built with altair and rendered to SVG or PNG with
vl-convert, in-process, with no browser. Pages show a chart as an image
(an SVG view, or a data: URI), so the strict Content-Security-Policy holds:
no script and no inline style in the page. Every `Chart` carries the rows
of its data table and a sentence saying what it shows, and both are always
shown beside it (on pages, in the Word document and in the PDF).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import vl_convert as vlc

from .chart_store import drawn
from .tables import Cell

# The GOV.UK Design System palette.
BLUE = "#1d70b8"
DARK_BLUE = "#003078"
GREEN = "#00703c"
RED = "#d4351c"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"
ORANGE = "#f47738"
PURPLE = "#4c2c92"
SERIES_COLOURS = [BLUE, ORANGE, GREEN, PURPLE, GREY, RED]
LABEL_COLOURS = {"concern": RED, "improvement": GREEN, "neither": PURPLE, "none": BLUE}

WIDTH = 560
_BUILD_NUMBERS = re.compile(r"\b(view|param)_\d+\b")
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
# A category label longer than this wraps onto more lines rather than being cut short.
LABEL_LINE = 28
PART = " (part)"  # marks a month or quarter not yet over, in the chart and its table


@dataclass(frozen=True)
class Chart:
    """A chart, its data table and its sentence. `spec` is Vega-Lite JSON."""

    key: str
    title: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    spec: dict[str, Any] = field(repr=False, compare=False)
    numeric: tuple[bool, ...] = ()

    @property
    def alt(self) -> str:
        """Alternative text: the title and the sentence (the table follows the image)."""
        return f"{self.title}. {self.summary}"

    @property
    def fingerprint(self) -> str:
        """What the chart shows and how it is drawn.

        altair numbers its views and parameters afresh on each build (view_3, param_7),
        so those numbers are left out; anything else in the specification counts, so
        a drawing made before a change to how a chart is drawn is never shown after it.
        """
        drawing = _BUILD_NUMBERS.sub(r"\1", json.dumps(self.spec, sort_keys=True, default=str))
        shown = json.dumps(
            [self.key, self.title, self.headers, self.rows, self.summary, drawing], default=str
        )
        return hashlib.sha256(shown.encode()).hexdigest()

    def is_numeric(self, column: int) -> bool:
        if self.numeric:
            return self.numeric[column]
        return column > 0


def configure(chart: alt.TopLevelMixin) -> dict[str, Any]:
    configured = chart.configure(font=FONT, background="white").configure_view(stroke=None)
    # Nothing is cut short: no limit on label or legend widths (long labels wrap instead,
    # see `category_axis`), legends below the chart where they have the width they need,
    # and the chart's title clear of what is under it.
    configured = configured.configure_axis(
        labelFontSize=12, titleFontSize=12, grid=False, labelLimit=0, titlePadding=10
    )
    # Figures' axes: few enough ticks that their labels never run into one another.
    configured = configured.configure_axisQuantitative(tickCount=6, labelOverlap=True)
    configured = configured.configure_legend(
        orient="bottom", direction="vertical", labelLimit=0, titleLimit=0, labelFontSize=12
    )
    configured = configured.configure_title(offset=12, limit=0)
    # Validation against the schema costs more than building; the specs are fixed shapes,
    # rendered in the tests, so it is skipped here.
    spec: dict[str, Any] = configured.to_dict(validate=False)
    return spec


def fmt(value: float | int | None, places: int = 1) -> str:
    """A figure for sentences: whole numbers without decimals, others to `places`."""
    if value is None:
        return "no value"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{places}f}"


def wrapped(label: str, width: int = LABEL_LINE) -> list[str]:
    """A label as lines of at most `width` characters, broken between words."""
    return textwrap.wrap(label, width) or [label]


def category_axis(categories: Sequence[str], title: str) -> alt.Axis:
    """The axis of a chart's categories: long labels wrap onto lines, never cut short, and the
    title sits above the labels, level with them, so it can never be drawn over them."""
    lines = {c: wrapped(c) for c in categories if len(c) > LABEL_LINE}
    expr = f"({json.dumps(lines)})[datum.label] || datum.label" if lines else "datum.label"
    return alt.Axis(
        title=title,
        labelExpr=expr,
        labelLimit=0,
        titleAngle=0,
        titleAlign="right",
        titleAnchor="start",
        titleBaseline="bottom",
        titleX=-6,
        titleY=-6,
    )


def band_height(categories: Sequence[str]) -> int:
    """Room for each category's bar and its label's lines (every band is as tall as the
    tallest label needs, so wrapped labels never run into their neighbours)."""
    lines = max((len(wrapped(c)) for c in categories), default=1)
    return max(22, 8 + 15 * lines)


def part_label(label: str, *, complete: bool) -> str:
    """A period's label, marked when the period is not yet over."""
    return label if complete else f"{label}{PART}"


# ----------------------------------------------------------------- rendering


def render_svg(chart: Chart) -> str:
    """The chart as SVG text, drawn once for what it shows (chart_store)."""
    key = f"svg:{chart.fingerprint}"
    return drawn(key, lambda: str(vlc.vegalite_to_svg(chart.spec)).encode("utf-8")).decode("utf-8")


def render_png(chart: Chart, *, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (for Word), drawn once for what it shows and the scale."""
    key = f"png:{scale}:{chart.fingerprint}"
    return drawn(key, lambda: bytes(vlc.vegalite_to_png(chart.spec, scale=scale)))


def warm_up() -> None:
    """Start the drawing engine before the first request needs it (about a second).

    Called when a web worker starts (config/gunicorn.py), so no reader pays for it.
    """
    vlc.vegalite_to_svg(
        {"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x"}}}
    )


def svg_data_uri(chart: Chart) -> str:
    """The SVG as a data: URI for an <img>, allowed by `img-src 'self' data:`."""
    encoded = base64.b64encode(render_svg(chart).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


# -------------------------------------------------------------------- charts


def bar_chart(
    key: str,
    title: str,
    summary: str,
    categories: Sequence[str],
    values: Sequence[float | int | None],
    *,
    category_title: str = "Category",
    value_title: str = "Count",
    sort: bool = False,
) -> Chart:
    """Horizontal bars, one per category, in the order given (or largest first)."""
    data = [
        {"category": c, "value": v, "order": i}
        for i, (c, v) in enumerate(zip(categories, values, strict=True))
    ]
    order = "-x" if sort else alt.EncodingSortField(field="order", order="ascending")
    bars = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("category:N", sort=order, axis=category_axis(categories, category_title)),
        # Each bar is its own value, never a sum: the bar's length is the table's figure.
        x=alt.X("value:Q", title=value_title, stack=None),
    )
    layered = bars.mark_bar(color=BLUE) + bars.mark_text(
        align="left", dx=3, color="#0b0c0c"
    ).encode(text=alt.Text("value:Q"))
    height = max(60, len(data) * band_height(categories))
    spec = configure(layered.properties(width=WIDTH - 140, height=height, title=title))
    return Chart(
        key=key,
        title=title,
        summary=summary,
        headers=(category_title, value_title),
        rows=tuple((c, v) for c, v in zip(categories, values, strict=True)),
        spec=spec,
    )


def grouped_bar_chart(
    key: str,
    title: str,
    summary: str,
    rows: Sequence[tuple[str, str, float | int | None]],
    *,
    category_title: str = "Category",
    series_title: str = "Series",
    value_title: str = "Value",
) -> Chart:
    """Bars grouped by category, one colour per series; the table is category x series."""
    categories = list(dict.fromkeys(r[0] for r in rows))
    series = list(dict.fromkeys(r[1] for r in rows))
    if len({(c, s) for c, s, _ in rows}) != len(rows):
        # One bar and one cell per category and series: a repeated pair (two chairs of the
        # same name) would be one cell in the table and a longer bar in the chart.
        raise ValueError(f"{title}: a category and series appear more than once")
    data = [{"category": c, "series": s, "value": v} for c, s, v in rows if v is not None]
    bars = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            y=alt.Y("category:N", sort=categories, axis=category_axis(categories, category_title)),
            yOffset=alt.YOffset("series:N", sort=series),
            # Bars side by side, never stacked: two rows for one category and series would
            # otherwise be drawn end to end, longer than either figure in the table.
            x=alt.X("value:Q", title=value_title, stack=None),
            color=alt.Color(
                "series:N",
                title=series_title,
                sort=series,
                scale=alt.Scale(domain=series, range=SERIES_COLOURS[: len(series)]),
            ),
        )
    )
    per_category = max(16 * len(series) + 8, band_height(categories))
    height = max(80, per_category * len(categories))
    spec = configure(bars.properties(width=WIDTH - 180, height=height, title=title))
    lookup = {(c, s): v for c, s, v in rows}
    return Chart(
        key=key,
        title=title,
        summary=summary,
        headers=(category_title, *series),
        rows=tuple((c, *(lookup.get((c, s)) for s in series)) for c in categories),
        spec=spec,
    )


def pyramid_chart(
    key: str,
    title: str,
    summary: str,
    bands: Sequence[str],
    left: tuple[str, Sequence[int]],
    right: tuple[str, Sequence[int]],
    *,
    others: Sequence[tuple[str, Sequence[int]]] = (),
) -> Chart:
    """An age pyramid: `left` (e.g. boys) to the left, `right` to the right, youngest at the bottom.

    `others` (gender not stated, neither) are in the table but not drawn.
    """
    left_name, left_values = left
    right_name, right_values = right
    data: list[dict[str, Any]] = []
    for band, lv, rv in zip(bands, left_values, right_values, strict=True):
        data.append({"band": band, "side": left_name, "value": -lv, "count": lv})
        data.append({"band": band, "side": right_name, "value": rv, "count": rv})
    reach = max([1, *left_values, *right_values])
    bars = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("band:N", sort=list(reversed(bands)), axis=category_axis(bands, "Age (years)")),
        x=alt.X(
            "value:Q",
            title="Children",
            scale=alt.Scale(domain=[-reach, reach]),
            axis=alt.Axis(labelExpr="abs(datum.value)", tickMinStep=1),
        ),
        color=alt.Color(
            "side:N",
            title="Gender",
            sort=[left_name, right_name],
            scale=alt.Scale(domain=[left_name, right_name], range=[BLUE, ORANGE]),
        ),
    )
    spec = configure(
        bars.mark_bar().properties(width=WIDTH - 160, height=24 * len(bands), title=title)
    )
    headers = ("Age (years)", left_name, right_name, *(name for name, _ in others))
    table: tuple[tuple[Cell, ...], ...] = tuple(
        (band, lv, rv, *(vals[i] for _, vals in others))
        for i, (band, lv, rv) in enumerate(zip(bands, left_values, right_values, strict=True))
    )
    return Chart(key=key, title=title, summary=summary, headers=headers, rows=table, spec=spec)
