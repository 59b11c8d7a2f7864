"""The authority's published figures beside England and its neighbours, for the performance pages.

The benchmarks page lets an analyst open any authority; the performance home
and each indicator's page show only the authority's own (the code in its
settings), with a RAG status, so a director sees how the council compares
without choosing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .benchmarks import (
    BENCHMARK_INDICATORS,
    BenchmarkError,
    BenchmarkIndicator,
    BenchmarkResult,
    Comparison,
    Rag,
    benchmark,
    benchmark_years,
    rag,
)
from .report.context import OWN_FIGURE
from .services import configured_benchmark_code


@dataclass(frozen=True, slots=True)
class ComparedIndicator:
    indicator: BenchmarkIndicator
    comparison: Comparison
    rag: Rag


@dataclass(frozen=True, slots=True)
class OwnComparison:
    result: BenchmarkResult
    rows: tuple[ComparedIndicator, ...]

    def for_part_a(self, part_a_id: str) -> ComparedIndicator | None:
        """The published counterpart of an Annex A indicator, if it has one."""
        for row in self.rows:
            if OWN_FIGURE.get(row.indicator.id) == part_a_id:
                return row
        return None


def own_comparison() -> OwnComparison | None:
    """The latest published year for the authority's own code; None when it has no figures."""
    code = configured_benchmark_code()
    if not code:
        return None
    try:
        years = benchmark_years()
        if not years:
            return None
        result = benchmark(code, max(years))
    except BenchmarkError:
        # The pages say the code is unknown where it is chosen (the benchmarks page);
        # the performance pages simply show no comparison.
        return None
    rows = []
    for ind in BENCHMARK_INDICATORS:
        c = result.indicators.get(ind.id)
        if c is None:
            continue
        rows.append(ComparedIndicator(ind, c, rag(c.value, c.england, c.sn_median, ind.polarity)))
    return OwnComparison(result, tuple(rows))


def stand_in_note(result: Any) -> str:
    """Says plainly when the demonstration county is shown another authority's figures."""
    from assure.authority import settings_reader

    if result is None or result.la == settings_reader.la_code():
        return ""
    if result.la != configured_benchmark_code():
        return ""
    return (
        f"The demonstration county is benchmarked as {result.la_name or result.la} "
        f"(DfE code {result.la}): its published figures stand in for the county's own."
    )
