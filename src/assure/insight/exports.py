"""The indicators and the benchmarks as tidy exports (written by `assure.reports.exports`).

Indicators (`indicators.csv` / `.parquet` / `.xlsx`), the output row of
specs/indicators.md:

    indicator, level, unit, as_of, window_start, window_end,
    numerator, denominator, value

- `level`: `la` (unit = the authority's code), `area`, `district`,
  `service` (unit = its name in the authority's structure) or `team`
  (unit = the team name as the Annex A writes it, spacing normalised);
- dates are ISO `YYYY-MM-DD`; numerator and denominator are whole numbers
  or empty; value is a number (a count is whole; a percentage, rate or mean
  has one decimal place) or empty when it has no value (or is withheld
  because it rests on fewer than 5 children: see `selectors.shown_rows`).

Benchmarks (`benchmarks.csv` / `.parquet` / `.xlsx`), one row per Part B
indicator and year:

    la, year, indicator, value, england, region, sn_median, rank, n, quartile

- `la`: DfE old LA code; `value`, `england`, `region`, `sn_median`: numbers
  to one decimal place or empty (suppressed); `rank`, `n`, `quartile`:
  whole numbers or empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

from assure.reports.exports import FORMATS, export, neutralise, to_csv

from .benchmarks import BenchmarkResult, BenchmarkSeries
from .indicators import COLUMNS as INDICATOR_COLUMNS
from .indicators import IndicatorRow

__all__ = [
    "BENCHMARK_COLUMNS",
    "FORMATS",
    "benchmark_rows",
    "benchmark_series_rows",
    "export_benchmarks",
    "export_indicators",
    "neutralise",
    "to_csv",
]

BENCHMARK_COLUMNS = (
    "la",
    "year",
    "indicator",
    "value",
    "england",
    "region",
    "sn_median",
    "rank",
    "n",
    "quartile",
)

_INDICATOR_TYPES = {
    "indicator": pa.string(),
    "level": pa.string(),
    "unit": pa.string(),
    "as_of": pa.date32(),
    "window_start": pa.date32(),
    "window_end": pa.date32(),
    "numerator": pa.int64(),
    "denominator": pa.int64(),
    "value": pa.float64(),
}
_BENCHMARK_TYPES = {
    "la": pa.string(),
    "year": pa.int32(),
    "indicator": pa.string(),
    "value": pa.float64(),
    "england": pa.float64(),
    "region": pa.float64(),
    "sn_median": pa.float64(),
    "rank": pa.int32(),
    "n": pa.int32(),
    "quartile": pa.int32(),
}


def benchmark_rows(result: BenchmarkResult) -> list[dict[str, Any]]:
    """One year's benchmark as tidy rows."""
    return [
        {"la": result.la, "year": result.year, "indicator": key, **comparison.as_dict()}
        for key, comparison in result.indicators.items()
    ]


def benchmark_series_rows(
    series: BenchmarkSeries, results: Mapping[int, BenchmarkResult] | None = None
) -> list[dict[str, Any]]:
    """Every year of every indicator; rank, n and quartile where a year's result is given."""
    out: list[dict[str, Any]] = []
    for key, points in series.series.items():
        for point in points:
            full = results.get(point.year) if results else None
            comparison = full.indicators.get(key) if full else None
            out.append(
                {
                    "la": series.la,
                    "year": point.year,
                    "indicator": key,
                    "value": point.value,
                    "england": point.england,
                    "region": point.region,
                    "sn_median": point.sn_median,
                    "rank": comparison.rank if comparison else None,
                    "n": comparison.n if comparison else None,
                    "quartile": comparison.quartile if comparison else None,
                }
            )
    return out


def export_indicators(rows: Iterable[IndicatorRow], fmt: str) -> bytes:
    plain = [dict(r) for r in rows]
    return export(plain, INDICATOR_COLUMNS, fmt, title="indicators", types=_INDICATOR_TYPES)


def export_benchmarks(rows: Iterable[Mapping[str, Any]], fmt: str) -> bytes:
    return export(rows, BENCHMARK_COLUMNS, fmt, title="benchmarks", types=_BENCHMARK_TYPES)
