"""Drawn charts are kept by what they show, shared by workers, and never stale."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from assure.reports import chart_store
from assure.reports.charts import Chart, bar_chart, render_svg


@pytest.fixture(autouse=True)
def empty_store() -> None:
    caches["charts"].clear()
    chart_store.forget_local()


def _grades(good: int) -> Chart:
    return bar_chart(
        "grades", "Grades", f"{good} good.", ["Good", "Inadequate"], [good, 3], value_title="Audits"
    )


def test_the_same_chart_built_twice_has_one_fingerprint() -> None:
    # altair numbers its views afresh on each build; that must not make a new drawing.
    assert _grades(5).fingerprint == _grades(5).fingerprint


def test_other_figures_make_another_drawing() -> None:
    first, second = _grades(5), _grades(6)
    assert first.fingerprint != second.fingerprint
    assert render_svg(first) != render_svg(second)


def test_a_drawing_is_made_once_and_shared_with_other_processes() -> None:
    draws: list[str] = []

    def draw() -> bytes:
        draws.append("drawn")
        return b"<svg/>"

    assert chart_store.drawn("svg:k", draw) == b"<svg/>"
    chart_store.forget_local()  # as another worker would start: only the shared store
    assert chart_store.drawn("svg:k", draw) == b"<svg/>"
    assert draws == ["drawn"]
    assert chart_store.is_drawn("svg:k") and not chart_store.is_drawn("svg:other")


def test_render_svg_stores_what_it_drew() -> None:
    chart = _grades(7)
    svg = render_svg(chart)
    assert svg.startswith("<svg")
    stored = caches["charts"].get(f"svg:{chart.fingerprint}")
    assert stored is not None and stored.decode("utf-8") == svg
