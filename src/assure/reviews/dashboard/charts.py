"""The dashboard's charts, each with its data table and a sentence.

Every figure a chart shows goes through `Show`, so a reader of aggregates only
sees "fewer than 5" in the table, no bar, and no small number in the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assure.core import clock
from assure.insight.charts import Chart, bar_chart, grouped_bar_chart
from assure.instruments.definitions import GRADE_LABELS, GRADES

from ..stages import STAGES
from .display import Cell, Show, number
from .rows import GOOD_OR_BETTER, ChairRow, Figures, pct

_CHARTS_CACHE: dict[str, list[Chart]] = {}
_CHARTS_CACHE_SIZE = 128


def _shown(f: Figures, show: Show) -> str:
    """Everything the charts show, as a key: the same figures make the same charts."""
    rows = [
        (
            r.quarter.key,
            r.meetings,
            r.qa_done,
            sorted(r.grades.items()),
            r.alerts_raised,
            r.alerts_resolved,
            r.appreciations,
            r.midway_due,
            r.midway_done,
        )
        for r in (f.by_quarter[q] for q in f.quarters)
    ]
    chairs = [(c.chair_id, c.name, sorted(c.grades.items()), c.alerts) for c in f.chairs or []]
    today = clock.today()
    return repr(
        (
            show.suppress,
            f.unit,
            [q.shown(today) for q in f.quarters],  # a quarter's "(part)" ends with it
            [q.key for q in f.headline],
            rows,
            f.questions,
            sorted(f.open_by_stage.items()),
            sorted(f.responded_by_stage.items()),
            f.overdue,
            f.chairs is None,
            chairs,
        )
    )


def charts(f: Figures, *, suppress: bool = False) -> list[Chart]:
    """Every chart of the figures, each with its table and a sentence (remembered: building
    the specifications costs more than counting the figures)."""
    show = Show(suppress)
    key = _shown(f, show)
    found = _CHARTS_CACHE.get(key)
    if found is None:
        found = _build_charts(f, show)
        if len(_CHARTS_CACHE) >= _CHARTS_CACHE_SIZE:
            _CHARTS_CACHE.clear()
        _CHARTS_CACHE[key] = found
    return found


def chart_by_key(f: Figures, key: str, *, suppress: bool = False) -> Chart | None:
    return next((c for c in charts(f, suppress=suppress) if c.key == key), None)


def _bars(
    key: str,
    title: str,
    summary: str,
    cells: Sequence[tuple[str, Cell]],
    *,
    category_title: str,
    value_title: str,
) -> Chart:
    """A bar chart of shown cells: words in the table where the number is withheld."""
    chart = bar_chart(
        key,
        title,
        summary,
        [c for c, _ in cells],
        [number(v) for _, v in cells],
        category_title=category_title,
        value_title=value_title,
    )
    return replace(chart, rows=tuple((c, v) for c, v in cells))


def _grouped(
    key: str,
    title: str,
    summary: str,
    cells: Sequence[tuple[str, str, Cell]],
    *,
    category_title: str,
    series_title: str,
    value_title: str,
) -> Chart:
    chart = grouped_bar_chart(
        key,
        title,
        summary,
        [(c, s, number(v)) for c, s, v in cells],
        category_title=category_title,
        series_title=series_title,
        value_title=value_title,
    )
    # The table as grouped_bar_chart lays it out (category by series), with the shown cells.
    lookup = {(c, s): v for c, s, v in cells}
    categories = list(dict.fromkeys(c for c, _, _ in cells))
    series = chart.headers[1:]
    return replace(
        chart, rows=tuple((c, *(lookup.get((c, s)) for s in series)) for c in categories)
    )


def _build_charts(f: Figures, show: Show) -> list[Chart]:
    name, text = f.unit.name, show.text
    today = clock.today()
    out: list[Chart] = []
    grades = f.grades
    best = max(grades, key=lambda g: grades[g]) if f.qa_done else None
    good = sum(grades[g] for g in GOOD_OR_BETTER)
    out.append(
        _bars(
            "grades",
            "QA grades",
            f"{name}, {f.period_label}: {text(show.count(f.qa_done))} meetings quality-assured, "
            + (
                f"{text(show.rate(good, f.qa_done), '%')} good or better; the most common grade "
                f"was {GRADE_LABELS[best].lower()}."
                if best
                else "no QA recorded yet."
            ),
            [(GRADE_LABELS[g], show.count(grades[g])) for g in GRADES],
            category_title="Grade",
            value_title="Meetings",
        )
    )
    if f.questions:
        rates = [(label, show.rate(yes, n)) for _, label, yes, n in f.questions]
        known = [(label, r) for label, r in rates if isinstance(r, float)]
        lowest = (
            "the lowest share of yes answers was "
            f"{text(min(known, key=lambda r: r[1])[1], '%')} "
            f"({min(known, key=lambda r: r[1])[0].lower()})."
            if known
            else "too few answers to show a share of yes answers."
        )
        out.append(
            _bars(
                "judgements",
                "Plans judged yes, per question (%)",
                f"{name}, {f.period_label}: {lowest}",
                rates,
                category_title="Question",
                value_title="% yes",
            )
        )
    rows = [f.by_quarter[q] for q in f.quarters]
    first, last = rows[0], rows[-1]
    out.append(
        _bars(
            "good-or-better",
            "QA graded good or better, by quarter (%)",
            f"{name}: {text(show.rate(last.good_or_better, last.qa_done), '%')} good or better in "
            f"{last.quarter.shown(today)}, against "
            f"{text(show.rate(first.good_or_better, first.qa_done), '%')} in {first.quarter.key}.",
            [(r.quarter.shown(today), show.rate(r.good_or_better, r.qa_done)) for r in rows],
            category_title="Quarter",
            value_title="% good or better",
        )
    )
    out.append(
        _grouped(
            "alerts-appreciations",
            "Practice alerts and appreciations, by quarter",
            f"{name}: {text(show.count(sum(r.alerts_raised for r in rows)))} practice alerts "
            f"raised and {text(show.count(sum(r.appreciations for r in rows)))} appreciations "
            f"sent over the {len(rows)} quarters.",
            [
                row
                for r in rows
                for row in (
                    (r.quarter.shown(today), "Alerts raised", show.count(r.alerts_raised)),
                    (r.quarter.shown(today), "Alerts resolved", show.count(r.alerts_resolved)),
                    (r.quarter.shown(today), "Appreciations", show.count(r.appreciations)),
                )
            ],
            category_title="Quarter",
            series_title="Count",
            value_title="Number",
        )
    )
    out.append(
        _grouped(
            "open-alerts",
            "Practice alerts open now, by stage",
            f"{name}: {text(show.count(f.alerts_open))} alerts open now, "
            f"{text(show.count(f.overdue))} of them overdue for a response.",
            [
                row
                for stage, label in STAGES.items()
                for row in (
                    (
                        f"{stage}: {label}",
                        "Awaiting response",
                        show.count(f.open_by_stage.get(stage, 0)),
                    ),
                    (
                        f"{stage}: {label}",
                        "Responded",
                        show.count(f.responded_by_stage.get(stage, 0)),
                    ),
                )
            ],
            category_title="Stage",
            series_title="Status",
            value_title="Alerts",
        )
    )
    midway_rate = show.rate(f.midway_done, f.midway_due)
    out.append(
        _bars(
            "midway",
            "Mid-way reviews completed, by quarter (%)",
            f"{name}, {f.period_label}: {text(show.count(f.midway_done))} of "
            f"{text(show.count(f.midway_due))} meetings due a mid-way review had one "
            f"({text(midway_rate, '%')}).",
            [(r.quarter.shown(today), show.rate(r.midway_done, r.midway_due)) for r in rows],
            category_title="Quarter",
            value_title="% completed",
        )
    )
    if f.chairs:
        out.append(_chairs_chart(f))
    return out


def chair_labels(chairs: Sequence[ChairRow]) -> dict[int, str]:
    """Each chair's name, numbered where two chairs share one, so each has a bar of its own
    (grouped by name, two chairs' percentages were drawn end to end: 140% for 40%)."""
    seen: dict[str, int] = {}
    for c in chairs:
        seen[c.name] = seen.get(c.name, 0) + 1
    labels: dict[int, str] = {}
    counted: dict[str, int] = {}
    for c in chairs:
        if seen[c.name] == 1:
            labels[c.chair_id] = c.name
        else:
            counted[c.name] = counted.get(c.name, 0) + 1
            labels[c.chair_id] = f"{c.name} ({counted[c.name]} of {seen[c.name]})"
    return labels


def _chairs_chart(f: Figures) -> Chart:
    """Grades by chair: only built for readers who may see the patterns by chair."""
    assert f.chairs
    known = [c.alert_rate for c in f.chairs if c.alert_rate is not None]
    spread = (
        f"alert rates ranged from {Show.text(min(known), '%')} to "
        f"{Show.text(max(known), '%')} of meetings quality-assured."
        if known
        else "no QA recorded yet."
    )
    labels = chair_labels(f.chairs)
    return grouped_bar_chart(
        "chairs",
        "Grades by chair (%)",
        f"{f.unit.name}, {f.period_label}: across {len(f.chairs)} chairs, {spread}",
        [
            (labels[c.chair_id], GRADE_LABELS[g], pct(c.grades.get(g, 0), c.qa_done))
            for c in f.chairs
            for g in GRADES
        ],
        category_title="Chair",
        series_title="Grade",
        value_title="% of their QA",
    )
