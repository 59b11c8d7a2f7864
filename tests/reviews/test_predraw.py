"""The dashboards' charts are drawn in the background, so a reader's first view finds them."""

from __future__ import annotations

from typing import Any

from django.core.cache import caches

from assure.core import clock
from assure.reports.chart_store import forget_local, is_drawn
from assure.reviews.dashboard import charts, county, figures
from assure.reviews.dashboard.periods import Quarter
from assure.reviews.dashboard.predraw import dashboards_draw
from tests.conftest import World


def test_every_reader_finds_the_county_charts_drawn(world: World) -> None:
    caches["charts"].clear()
    forget_local()
    quarter = Quarter.of(clock.today())
    wanted = [
        c.fingerprint
        for chairs, suppress in ((True, False), (False, False), (False, True))
        for c in charts(figures(county(), quarter, chairs=chairs), suppress=suppress)
    ]
    assert not any(is_drawn(f"svg:{f}") for f in wanted)
    first = dashboards_draw()
    assert first > 0 and all(is_drawn(f"svg:{f}") for f in wanted)
    assert dashboards_draw() == 0  # nothing is drawn twice


def test_the_scheduler_runs_it(world: Any) -> None:
    from assure.core.schedule import scheduled_jobs

    names = [s.name for s in scheduled_jobs()]
    assert "assure.reviews.jobs.dashboards_draw_job" in names
