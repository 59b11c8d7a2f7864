"""The visual report of one Annex A snapshot, and the monthly series behind the trends.

`snapshot_report(snapshot)` builds what Ofsted's analytics tool gives an
authority, section by section, as plain data: each chart (a Vega-Lite
spec) with its table and a sentence, and the authority's published DfE
figures beside its own where a Part B indicator exists.

The report is composed from sections registered with the reports toolkit
(`assure.reports.sections`, report "annex-a"), one module each here:
volumes, age and gender, ethnicity, sources, repeat episodes, timeliness,
visits, placements, care leavers and adoption. Every figure a section shows
comes from a registry: a Part A indicator's stored value, or a count by
category from the breakdown registry (`indicators/breakdowns.yaml`), which
selects each cohort by the scope of the Part A indicator it stands for, so
a section's total always equals the indicator of the same name. No section
writes SQL.

Only aggregates leave this package: counts, percentages and means, never a
child reference.

`indicator_series()` gives each Part A indicator month by month across the
imported snapshots (one a calendar month: the latest), for the trends.

Both are cached in Django's cache under keys that change whenever a snapshot
is imported, withdrawn or recomputed (`snapshots`), so a page over five years
of monthly snapshots reads one cache entry.
"""

from __future__ import annotations

# Each section module registers its section on import; the order is the registration's.
from . import (  # noqa: F401
    adoption,
    age_gender,
    care_leavers,
    ethnicity,
    placements,
    repeat,
    sources,
    timeliness,
    visits,
    volumes,
)
from .build import Report, build_report, snapshot_report
from .context import (
    BENCHMARK_HEADERS,
    REPORT,
    AnnexContext,
    AnnexSection,
    BenchmarkLine,
    benchmark_rows,
)
from .series import SeriesPoint, SeriesSet, indicator_series, withhold_small
from .snapshots import (
    CACHE_SECONDS,
    CACHE_VERSION,
    Figure,
    Values,
    la_figures,
    monthly_snapshots,
    snapshot_values,
)

Section = AnnexSection

__all__ = [
    "BENCHMARK_HEADERS",
    "CACHE_SECONDS",
    "CACHE_VERSION",
    "REPORT",
    "AnnexContext",
    "AnnexSection",
    "BenchmarkLine",
    "Figure",
    "Report",
    "Section",
    "SeriesPoint",
    "SeriesSet",
    "Values",
    "benchmark_rows",
    "build_report",
    "indicator_series",
    "la_figures",
    "monthly_snapshots",
    "snapshot_report",
    "snapshot_values",
    "withhold_small",
]
