"""Tidy exports of the indicators and the benchmarks: CSV, Parquet and Excel.

One row per figure, one column per variable, so Power BI, R or pandas read
them without reshaping.

Indicators (`indicators.csv` / `.parquet` / `.xlsx`), the output row of
specs/indicators.md:

    indicator, level, unit, as_of, window_start, window_end,
    numerator, denominator, value

- `level`: `la` (unit = the authority's code), `area`, `district`,
  `service` (unit = its name in the authority's structure) or `team`
  (unit = the team name as the Annex A writes it, spacing normalised);
- dates are ISO `YYYY-MM-DD`; numerator and denominator are whole numbers
  or empty; value is a number (a count is whole; a percentage, rate or mean
  has one decimal place) or empty when it has no value.

Benchmarks (`benchmarks.csv` / `.parquet` / `.xlsx`), one row per Part B
indicator and year:

    la, year, indicator, value, england, region, sn_median, rank, n, quartile

- `la`: DfE old LA code; `value`, `england`, `region`, `sn_median`: numbers
  to one decimal place or empty (suppressed); `rank`, `n`, `quartile`:
  whole numbers or empty.

In CSV and Excel a text cell that begins with `=`, `+`, `-` or `@` gets a
leading single quote, so a spreadsheet shows it as text and never runs it
as a formula. Numbers are never changed: -5 stays the number -5.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .benchmarks import BenchmarkResult, BenchmarkSeries
from .indicators import COLUMNS as INDICATOR_COLUMNS
from .indicators import IndicatorRow

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

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}

_FORMULA_STARTS = ("=", "+", "-", "@")

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


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


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


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else neutralise(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([neutralise(row.get(c)) for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_parquet(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], types: Mapping[str, pa.DataType]
) -> bytes:
    materialised = list(rows)
    arrays = {}
    for column in columns:
        values = [row.get(column) for row in materialised]
        if types[column] == pa.date32():
            from datetime import date

            values = [date.fromisoformat(v) if isinstance(v, str) else v for v in values]
        arrays[column] = pa.array(values, type=types[column])
    buffer = io.BytesIO()
    pq.write_table(pa.table(arrays), buffer, compression="zstd")
    return buffer.getvalue()


def export_indicators(rows: Iterable[IndicatorRow], fmt: str) -> bytes:
    plain = [dict(r) for r in rows]
    if fmt == "csv":
        return to_csv(plain, INDICATOR_COLUMNS)
    if fmt == "xlsx":
        return to_xlsx(plain, INDICATOR_COLUMNS, "indicators")
    if fmt == "parquet":
        return to_parquet(plain, INDICATOR_COLUMNS, _INDICATOR_TYPES)
    raise ValueError(f"Unknown format {fmt!r}")


def export_benchmarks(rows: Iterable[Mapping[str, Any]], fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(rows, BENCHMARK_COLUMNS)
    if fmt == "xlsx":
        return to_xlsx(rows, BENCHMARK_COLUMNS, "benchmarks")
    if fmt == "parquet":
        return to_parquet(rows, BENCHMARK_COLUMNS, _BENCHMARK_TYPES)
    raise ValueError(f"Unknown format {fmt!r}")
