"""The shipped DfE files: Kent's figures, and a second reading of the files to check them.

The second reading uses only the csv module and exact fractions, written
straight from the spec, so the DuckDB engine is checked against something
that shares none of its code.
"""

from __future__ import annotations

import csv
import math
import statistics
import time
from fractions import Fraction
from pathlib import Path

import pytest

from assure.insight.benchmarks import (
    BENCHMARK_INDICATORS,
    DEFAULT_DATA_DIR,
    BenchmarkIndicator,
    Comparison,
    benchmark,
    benchmark_series,
    find_sources,
)
from assure.insight.benchmarks.rounding import round_half_away

KENT_2025 = {
    "referrals_per_10k": Comparison(676.3, 519.4, 654.0, 389.0, 24, 153, 4),
    "rereferrals_pct": Comparison(21.6, 22.6, 28.4, 21.0, 57, 153, 3),
    "referrals_nfa_pct": Comparison(0.5, 6.5, 9.2, 2.3, 123, 145, 1),
    "cin_per_10k": Comparison(316.5, 330.3, 313.9, 286.0, 99, 153, 2),
    "cpp_per_10k": Comparison(32.4, 40.6, 37.7, 32.7, 112, 151, 2),
    "cpp_subsequent_pct": Comparison(24.3, 24.5, 26.3, 24.5, 76, 153, 2),
    "cpp_2y_plus_pct": Comparison(2.7, 2.3, 2.5, 2.9, 50, 94, 2),
    "cla_per_10k": Comparison(53.0, 67.0, 55.0, 56.0, 113, 151, 1),
    "sw_turnover_pct": Comparison(15.4, 11.8, 12.3, 9.7, 36, 148, 4),
    "sw_agency_pct": Comparison(13.2, 13.0, 13.4, 6.7, 70, 148, 3),
    "sw_vacancy_pct": Comparison(14.4, 14.2, 15.1, 9.6, 75, 149, 2),
    "sw_caseload": Comparison(17.0, 15.2, 15.6, 15.2, 30, 149, 4),
}


def test_kent_2025_check_value() -> None:
    # The check value in the indicators spec: 24,035 / 355,390 x 10,000 and
    # 632,830 / 12,183,016 x 10,000.
    result = benchmark("886", 2025).indicators["referrals_per_10k"]
    assert result.value == 676.3
    assert result.england == 519.4


def test_kent_2025_every_indicator() -> None:
    # Every Part B indicator has a published value for Kent in 2025.
    result = benchmark("886", 2025)
    assert result.la_name == "Kent"
    assert result.region_code == "E12000008"
    assert result.indicators == KENT_2025
    assert all(c.value is not None for c in result.indicators.values())


# -- the second reading ----------------------------------------------------

SUPPRESSED = {"c", "x", "z", "u", "k", "low", ""}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(cell: str | None) -> Fraction | None:
    text = (cell or "").strip()
    return None if text.lower() in SUPPRESSED else Fraction(text)


def _area(row: dict[str, str]) -> tuple[str, str] | None:
    level = row["geographic_level"]
    if level == "National":
        return ("national", "england")
    if level == "Regional":
        return ("regional", row["region_code"])
    if level == "Local authority":
        return ("la", row["old_la_code"])
    return None


class Oracle:
    def __init__(self) -> None:
        files = find_sources()
        self.tables = {key: _rows(path) for key, path in files.items() if key != "sn_model"}
        self.population: dict[tuple[int, str, str], Fraction | None] = {}
        for row in self.tables["cla"]:
            area = _area(row)
            if area and row["population_type"] == "Children looked after on 31 March each year":
                key = (int(row["time_period"]), *area)
                self.population[key] = _number(row["population_estimate"])  # type: ignore[index]
        self.neighbours = {
            row["old_la_code"]: [row[f"SN_{i}"] for i in range(1, 11)]
            for row in _rows(files["sn_model"])
        }

    def region_of(self, la: str, source: str, year: int) -> str:
        """The region on the authority's own row that year, else its latest in any file."""
        for row in self.tables[source]:
            if row["old_la_code"] == la and int(row["time_period"]) == year:
                return row["region_code"]
        latest = max(
            (int(row["time_period"]), row["region_code"])
            for rows in self.tables.values()
            for row in rows
            if row["old_la_code"] == la and row["geographic_level"] == "Local authority"
        )
        return latest[1]

    def values(self, ind: BenchmarkIndicator, year: int) -> dict[tuple[str, str], Fraction]:
        out: dict[tuple[str, str], Fraction] = {}
        for row in self.tables[ind.source]:
            area = _area(row)
            if area is None or int(row["time_period"]) != year:
                continue
            if any(row[col] != want for col, want in ind.row_filter):
                continue
            num = _number(row[ind.column])
            if num is None:
                continue
            if ind.method == "per_10k":
                pop = self.population.get((year, *area))  # type: ignore[arg-type]
                if not pop:
                    continue
                num = num * 10_000 / pop
            out[area] = num
        return out

    def expected(self, ind: BenchmarkIndicator, la: str, year: int) -> Comparison:
        values = self.values(ind, year)
        las = [v for (level, _), v in values.items() if level == "la"]
        own = values.get(("la", la))
        region_code = self.region_of(la, ind.source, year)
        near = [values[("la", c)] for c in self.neighbours.get(la, []) if ("la", c) in values]

        def show(v: Fraction | None) -> float | None:
            return None if v is None else float(round_half_away(v))

        rank = quartile = None
        if own is not None:
            rank = 1 + sum(v > own for v in las)
            p = 1 + sum(v < own for v in las)
            quartile = math.ceil(Fraction(4 * p, len(las)))
        return Comparison(
            value=show(own),
            england=show(values.get(("national", "england"))),
            region=show(values.get(("regional", region_code))),
            sn_median=show(Fraction(statistics.median(near)) if near else None),
            rank=rank,
            n=len(las),
            quartile=quartile,
        )


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return Oracle()


@pytest.mark.parametrize(
    ("la", "year"),
    [
        ("886", 2025),  # Kent
        ("886", 2021),
        ("201", 2025),  # City of London: small, many suppressed cells, Inner London
        ("420", 2024),  # Isles of Scilly
        ("940", 2023),  # North Northamptonshire, created 2021
        ("318", 2022),  # an Outer London borough
    ],
)
def test_engine_agrees_with_a_second_reading(oracle: Oracle, la: str, year: int) -> None:
    result = benchmark(la, year).indicators
    for ind in BENCHMARK_INDICATORS:
        assert result[ind.id] == oracle.expected(ind, la, year), ind.id


def test_reorganised_authorities_give_nulls_not_errors() -> None:
    # Northamptonshire (928) was replaced by 940 and 941 in 2021; its later rows
    # are x, and it is in no 2025 neighbour model.
    result = benchmark("928", 2025).indicators["referrals_per_10k"]
    assert (result.value, result.rank, result.sn_median, result.n) == (None, None, None, 153)
    assert result.region == 515.3  # East Midlands still compares
    # Cumberland (942) did not exist in 2013.
    early = benchmark("942", 2013).indicators["rereferrals_pct"]
    assert (early.value, early.region) == (None, 26.4)


def test_kent_series_since_2013() -> None:
    series = benchmark_series("886").series
    rereferrals = series["rereferrals_pct"]
    assert [p.year for p in rereferrals] == list(range(2013, 2026))
    assert (rereferrals[0].value, rereferrals[0].england) == (24.2, 24.7)
    assert rereferrals[-1].value == 21.6
    # The population the rates need starts in 2021 in the cla file: earlier years are gaps.
    rates = series["referrals_per_10k"]
    assert [p.value for p in rates if p.year < 2021] == [None] * 8
    assert rates[-1].value == 676.3
    assert series["sw_caseload"][0].year == 2017  # the workforce file starts in 2017


def test_benchmark_is_fast_from_a_cold_start() -> None:
    started = time.perf_counter()
    benchmark("886", 2025, data_dir=DEFAULT_DATA_DIR)
    assert time.perf_counter() - started < 2.0
