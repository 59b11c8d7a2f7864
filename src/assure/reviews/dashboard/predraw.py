"""The chairs' dashboards' charts drawn in the background, before anyone asks.

Drawing a chart costs 35 to 130 ms, so the dashboard's seven made its first view
after a change take more than a second. The scheduler runs this every ten
minutes and the demo load once at its end: it counts each dashboard's figures
as its readers would (patterns by chair or not; small counts suppressed for
readers of aggregates only) and draws any chart whose drawing is not stored
yet. Drawings are stored by what they show (reports.chart_store), so one drawn
here is the one a reader's page asks for, and nothing is drawn twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from assure.core import clock
from assure.org.models import District

from .charts import charts
from .counting import figures
from .periods import Quarter
from .units import Unit, county

# (patterns by chair, small counts suppressed): the QA unit and senior leaders,
# managers, and readers of aggregates only (the county's dashboard alone).
CASE_READERS = ((True, False), (False, False))
COUNTY_READERS = (*CASE_READERS, (False, True))


def _units(districts: bool) -> Iterable[tuple[Unit, tuple[tuple[bool, bool], ...]]]:
    yield county(), COUNTY_READERS
    if districts:
        for d in District.objects.order_by("name"):
            yield Unit("district", d.pk, d.name), CASE_READERS


def dashboards_draw(*, districts: bool = True) -> int:
    """Draw the current quarter's dashboard charts not yet drawn; how many were drawn."""
    from assure.reports.chart_store import is_drawn
    from assure.reports.charts import render_svg

    quarter = Quarter.of(clock.today())
    drawn = 0
    for unit, readers in _units(districts):
        for chairs, suppress in readers:
            for chart in charts(figures(unit, quarter, chairs=chairs), suppress=suppress):
                if not is_drawn(f"svg:{chart.fingerprint}"):
                    render_svg(chart)
                    drawn += 1
    return drawn
