"""Benchmarks: an authority's Part B values beside England, its region and its neighbours.

The definitions are those of the indicators spec, Part B:

- value: the authority's figure (a published column, or a count per 10,000
  of the 0-17 population), rounded half away from zero to 1 decimal place;
- england, region: the national row and the row of the authority's own region
  in the same file, computed the same way;
- sn_median: median over the statistical neighbours that have a value,
  computed on exact values and rounded last;
- rank: 1 + authorities with a strictly higher value (ties share the smaller
  number); n: authorities with a value that year;
- quartile: ceil(4 p / n), p = 1 + authorities with a strictly lower value.

Suppressed and blank cells are no value anywhere.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from .dataset import NATIONAL, REGIONAL, BenchmarkData, Observation, load_data
from .registry import BENCHMARK_INDICATORS, BenchmarkIndicator, benchmark_indicator
from .rounding import to_number
from .sources import ATTRIBUTION

SERIES_START = 2013


@dataclass(frozen=True, slots=True)
class Comparison:
    """One indicator for one authority and year, with its comparators (None: no value)."""

    value: float | None
    england: float | None
    region: float | None
    sn_median: float | None
    rank: int | None
    n: int
    quartile: int | None

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "value": self.value,
            "england": self.england,
            "region": self.region,
            "sn_median": self.sn_median,
            "rank": self.rank,
            "n": self.n,
            "quartile": self.quartile,
        }


@dataclass(frozen=True, slots=True)
class BenchmarkResult:
    """Every Part B indicator for one authority and year."""

    la: str
    year: int
    la_name: str | None
    region_code: str | None
    region_name: str | None
    indicators: dict[str, Comparison]
    source: str = ATTRIBUTION

    def as_json(self) -> dict[str, Any]:
        """The shape of `assure benchmark` and `GET /api/v1/benchmarks`."""
        return {
            "la": self.la,
            "year": self.year,
            "indicators": {key: c.as_dict() for key, c in self.indicators.items()},
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One year of an indicator's time series for an authority (None: no value)."""

    year: int
    value: float | None
    england: float | None
    region: float | None
    sn_median: float | None

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "year": self.year,
            "value": self.value,
            "england": self.england,
            "region": self.region,
            "sn_median": self.sn_median,
        }


@dataclass(frozen=True, slots=True)
class BenchmarkSeries:
    """Each Part B indicator year by year for one authority, for charts."""

    la: str
    la_name: str | None
    series: dict[str, list[SeriesPoint]] = field(default_factory=dict)
    source: str = ATTRIBUTION

    def as_json(self) -> dict[str, Any]:
        return {
            "la": self.la,
            "series": {key: [p.as_dict() for p in points] for key, points in self.series.items()},
            "source": self.source,
        }


def exact_value(indicator: BenchmarkIndicator, obs: Observation | None) -> Fraction | None:
    """The unrounded value of a row: the published figure, or count per 10,000 children."""
    if obs is None or obs.num is None:
        return None
    if indicator.method == "per_10k":
        if obs.den is None or obs.den <= 0:
            return None
        return Fraction(obs.num) * 10_000 / Fraction(obs.den)
    return Fraction(obs.num)


def quartile(p: int, n: int) -> int:
    """ceil(4 p / n) in integers, so no float ever decides a boundary."""
    return -(-4 * p // n)


def median(values: list[Fraction]) -> Fraction | None:
    """The median of exact values (mean of the middle two for an even count); None if empty."""
    if not values:
        return None
    return Fraction(statistics.median(values))


class _Frame:
    """The rows one request needs, indexed by (indicator, year)."""

    def __init__(self, data: BenchmarkData, code: str, year: int | None) -> None:
        self.own = {(o.indicator, o.year): o for o in data.la_rows(code, year)}
        self.england = {
            (o.indicator, o.year): o for o in data.area_rows(NATIONAL, ["england"], year)
        }
        fallback_region = data.authority(code).region_code
        self.region_of: dict[tuple[str, int], str | None] = {}
        regions: set[str] = set()
        if fallback_region:
            regions.add(fallback_region)
        for key, o in self.own.items():
            # The region on the authority's own row of that file and year, else its latest one.
            self.region_of[key] = o.region_code or fallback_region
            if o.region_code:
                regions.add(o.region_code)
        self.fallback_region = fallback_region
        self.regions = {
            (o.indicator, o.year, o.code): o
            for o in data.area_rows(REGIONAL, sorted(regions), year)
        }
        self.neighbours: dict[tuple[str, int], list[Observation]] = {}
        for o in data.neighbour_rows(code, year):
            self.neighbours.setdefault((o.indicator, o.year), []).append(o)

    def region(self, indicator: str, year: int) -> Observation | None:
        region = self.region_of.get((indicator, year), self.fallback_region)
        if region is None:
            return None
        return self.regions.get((indicator, year, region))

    def comparators(
        self, indicator: BenchmarkIndicator, year: int
    ) -> tuple[Fraction | None, Fraction | None, Fraction | None, Fraction | None]:
        """(value, england, region, sn_median), exact."""
        key = (indicator.id, year)
        own = exact_value(indicator, self.own.get(key))
        england = exact_value(indicator, self.england.get(key))
        region = exact_value(indicator, self.region(indicator.id, year))
        values = [exact_value(indicator, o) for o in self.neighbours.get(key, [])]
        sn = median([v for v in values if v is not None])
        return own, england, region, sn


def _resolve(la: str, data_dir: Path | None) -> tuple[BenchmarkData, str]:
    data = load_data(data_dir)
    return data, data.authority(la).code


def benchmark(la: str, year: int, *, data_dir: Path | None = None) -> BenchmarkResult:
    """Every Part B indicator for authority `la` (old LA code, e.g. "886") in `year`.

    Raises MissingSourceError, SourceFormatError, UnknownAuthorityError or
    UnknownYearError (all BenchmarkError) with a message saying what to fix.
    """
    data, code = _resolve(la, data_dir)
    data.check_year(year)
    # Kept with the loaded files, so new files (a new BenchmarkData) compute afresh;
    # the published figures of a year never change while the files do not.
    found = data.results.get((code, year))
    if found is not None:
        return found
    result = _compute(data, code, year)
    data.results[(code, year)] = result
    return result


def _compute(data: BenchmarkData, code: str, year: int) -> BenchmarkResult:
    authority = data.authority(code)
    frame = _Frame(data, code, year)
    counts = data.counts(year)
    results: dict[str, Comparison] = {}
    for indicator in BENCHMARK_INDICATORS:
        value, england, region, sn = frame.comparators(indicator, year)
        own = frame.own.get((indicator.id, year))
        n = counts.get((indicator.id, year), 0)
        rank: int | None = None
        quart: int | None = None
        if value is not None and own is not None and own.rank and own.p and n:
            rank, quart = int(own.rank), quartile(int(own.p), n)
        results[indicator.id] = Comparison(
            value=to_number(value),
            england=to_number(england),
            region=to_number(region),
            sn_median=to_number(sn),
            rank=rank,
            n=n,
            quartile=quart,
        )
    return BenchmarkResult(
        la=code,
        year=year,
        la_name=authority.name,
        region_code=authority.region_code,
        region_name=authority.region_name,
        indicators=results,
    )


def benchmark_series(
    la: str,
    *,
    indicators: list[str] | None = None,
    since: int = SERIES_START,
    data_dir: Path | None = None,
) -> BenchmarkSeries:
    """Each indicator (default: all) year by year from `since`, for every year its file covers.

    A year with no value (suppressed, or before the population figures start)
    is still listed, with None, so a chart shows the gap.
    """
    data, code = _resolve(la, data_dir)
    chosen = (
        [benchmark_indicator(i) for i in indicators]
        if indicators is not None
        else list(BENCHMARK_INDICATORS)
    )
    frame = _Frame(data, code, None)
    years = data.indicator_years()
    series: dict[str, list[SeriesPoint]] = {}
    for indicator in chosen:
        points = []
        for year in years.get(indicator.id, []):
            if year < since:
                continue
            value, england, region, sn = frame.comparators(indicator, year)
            points.append(
                SeriesPoint(
                    year=year,
                    value=to_number(value),
                    england=to_number(england),
                    region=to_number(region),
                    sn_median=to_number(sn),
                )
            )
        series[indicator.id] = points
    return BenchmarkSeries(la=code, la_name=data.authority(code).name, series=series)


def benchmark_years(*, data_dir: Path | None = None) -> tuple[int, ...]:
    """The years the data folder covers, oldest first."""
    return load_data(data_dir).years
