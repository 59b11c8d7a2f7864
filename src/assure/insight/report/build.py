"""The Annex A report of one snapshot, composed from its registered sections and cached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache

from assure.reports.charts import Chart
from assure.reports.sections import compose

from ..benchmarks import ATTRIBUTION
from ..indicators import Engine, window
from ..models import AnnexASnapshot
from ..services import configured_benchmark_code, configured_la_code, configured_population
from .context import REPORT, AnnexContext, AnnexSection, published
from .snapshots import (
    CACHE_SECONDS,
    CACHE_VERSION,
    Values,
    la_figures,
    run_of,
    snapshot_key,
    snapshot_values,
)


@dataclass(frozen=True)
class Report:
    snapshot_id: int
    as_of: date
    window_start: date
    window_end: date
    source_filename: str
    la_code: str
    la_name: str | None
    population: int | None
    benchmark_year: int | None
    benchmark_note: str
    sections: tuple[AnnexSection, ...] = ()
    missing_files: bool = False
    attribution: str = ATTRIBUTION

    @property
    def uses_dfe(self) -> bool:
        return any(s.uses_dfe for s in self.sections)

    def chart(self, key: str) -> Chart | None:
        for section in self.sections:
            for chart in section.charts:
                if chart.key == key:
                    return chart
        return None

    @property
    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]


def build_report(snapshot: AnnexASnapshot, values: Values) -> Report:
    """The report of one snapshot (uncached; see `snapshot_report`)."""
    la_code = configured_la_code()
    population = configured_population()
    win = window(snapshot.as_of)
    result, note = published(configured_benchmark_code() or la_code, snapshot.as_of)
    la_name = (result.la_name if result else None) or "The authority"
    missing = not snapshot.directory.is_dir()
    with Engine(snapshot.directory, as_of=snapshot.as_of, la_code=la_code) as engine:
        context = AnnexContext(engine, la_figures(values), result, population, la_name)
        sections = compose(REPORT, context)
    return Report(
        snapshot_id=snapshot.pk,
        as_of=snapshot.as_of,
        window_start=win.start,
        window_end=win.end,
        source_filename=snapshot.source_filename,
        la_code=la_code,
        la_name=result.la_name if result else None,
        population=population,
        benchmark_year=result.year if result else None,
        benchmark_note=note,
        sections=tuple(s for s in sections if isinstance(s, AnnexSection)),
        missing_files=missing,
    )


def snapshot_report(snapshot: AnnexASnapshot) -> Report:
    """The report of one snapshot, cached until the snapshot or its stored run changes."""
    key = f"insight:{CACHE_VERSION}:report:{snapshot_key(snapshot, run_of(snapshot))}"
    found: Report | None = cache.get(key)
    if found is not None:
        return found
    report = build_report(snapshot, snapshot_values(snapshot))
    cache.set(key, report, CACHE_SECONDS)
    return report
