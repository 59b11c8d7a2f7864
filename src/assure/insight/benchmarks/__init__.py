"""Part B benchmarks: an authority's DfE published statistics beside England,
its region and its statistical neighbours.

Plain Python and DuckDB, no Django, so the API, the reports and the command
line share one engine. Start with `benchmark()` and `benchmark_series()`.
"""

from .compute import (
    BenchmarkResult,
    BenchmarkSeries,
    Comparison,
    SeriesPoint,
    benchmark,
    benchmark_series,
    benchmark_years,
)
from .dataset import Authority, BenchmarkData, clear_cache, load_data
from .errors import (
    BenchmarkError,
    MissingSourceError,
    SourceFormatError,
    UnknownAuthorityError,
    UnknownYearError,
)
from .rag import Rag, rag
from .registry import BENCHMARK_INDICATORS, BenchmarkIndicator, benchmark_indicator
from .sources import ATTRIBUTION, DEFAULT_DATA_DIR, SOURCES, find_sources

__all__ = [
    "ATTRIBUTION",
    "BENCHMARK_INDICATORS",
    "DEFAULT_DATA_DIR",
    "SOURCES",
    "Authority",
    "BenchmarkData",
    "BenchmarkError",
    "BenchmarkIndicator",
    "BenchmarkResult",
    "BenchmarkSeries",
    "Comparison",
    "MissingSourceError",
    "Rag",
    "SeriesPoint",
    "SourceFormatError",
    "UnknownAuthorityError",
    "UnknownYearError",
    "benchmark",
    "benchmark_indicator",
    "benchmark_series",
    "benchmark_years",
    "clear_cache",
    "find_sources",
    "load_data",
    "rag",
]
