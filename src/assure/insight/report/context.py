"""What every section of the Annex A report reads: the figures, the breakdowns, the benchmarks.

A section is given one `AnnexContext` and reads only through it: Part A
figures from the indicator registry (`num`, `den`, `value`), counts by
category from the breakdown registry (`breakdown`), and the authority's
published DfE figures beside its own (`lines`). No section writes SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from assure.reports.charts import Chart, bar_chart, fmt, grouped_bar_chart
from assure.reports.sections import Section
from assure.reports.tables import Table, cell_text

from ..benchmarks import (
    ATTRIBUTION,
    BenchmarkError,
    BenchmarkResult,
    Rag,
    UnknownAuthorityError,
    benchmark,
    benchmark_indicator,
    benchmark_years,
    rag,
)
from ..indicators import Engine, round_half_away
from ..indicators.breakdowns import Key, cohort_rows
from ..indicators.breakdowns import breakdown as breakdown_spec
from .snapshots import Figure

REPORT = "annex-a"  # the name this report's sections are registered under

# Cohorts drawn for the age, gender and ethnicity sections: the indicator whose
# rows they are, and how a sentence names them.
COHORTS: tuple[tuple[str, str], ...] = (
    ("referrals", "Referrals in the six months"),
    ("cin_open", "Children in need on the as-of date"),
    ("cpp_open", "Child protection plans on the as-of date"),
    ("cla_open", "Children in care on the as-of date"),
)

# Part B indicator -> the Part A indicator with the same meaning (or None).
OWN_FIGURE: dict[str, str | None] = {
    "referrals_per_10k": "referrals_per_10k_annualised",
    "cin_per_10k": None,  # cin_open per 10,000, computed here
    "cpp_per_10k": "cpp_per_10k",
    "cla_per_10k": "cla_per_10k",
    "rereferrals_pct": "rereferrals_pct",
    "referrals_nfa_pct": "referrals_nfa_pct",
    "cpp_subsequent_pct": "cpp_subsequent_pct",
    "cpp_2y_plus_pct": "cpp_2y_plus_pct",
}

BENCHMARK_HEADERS = (
    "Indicator",
    "This Annex A",
    "Published",
    "Statistical neighbours",
    "Region",
    "England",
    "Status",
)


@dataclass(frozen=True)
class BenchmarkLine:
    """One Part B indicator: this snapshot's own figure beside the published ones."""

    indicator: str
    label: str
    unit: str
    own: float | int | None
    value: float | None
    england: float | None
    region: float | None
    sn_median: float | None
    year: int
    polarity: str = "neither"

    @property
    def rag(self) -> Rag:
        """The published figure's status: like with like, the same year as its comparators."""
        return rag(self.value, self.england, self.sn_median, self.polarity)


@dataclass(frozen=True)
class AnnexSection(Section):
    """A section of the Annex A report; `benchmarks` are the published figures it shows."""

    benchmarks: tuple[BenchmarkLine, ...] = ()
    empty_text: str = "No figures: the lists this section reads were not imported."

    @property
    def uses_dfe(self) -> bool:
        return bool(self.benchmarks)


def benchmark_rows(lines: Sequence[BenchmarkLine]) -> list[tuple[str, ...]]:
    return [
        (
            f"{b.label} ({b.year})",
            cell_text(b.own),
            cell_text(b.value),
            cell_text(b.sn_median),
            cell_text(b.region),
            cell_text(b.england),
            f"{b.rag.label}. {b.rag.reason}",
        )
        for b in lines
    ]


def annex_section(
    intro: str,
    charts: Iterable[Chart],
    lines: tuple[BenchmarkLine, ...] = (),
    notes: tuple[str, ...] = (),
) -> AnnexSection:
    """A section's content, with the published figures as a table under the attribution."""
    rows = tuple(benchmark_rows(lines))
    title = "Beside the published figures"
    tables = (Table(title, BENCHMARK_HEADERS, rows, ATTRIBUTION),) if lines else ()
    return AnnexSection(
        intro=intro, charts=tuple(charts), tables=tables, notes=notes, benchmarks=lines
    )


def pct(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return round_half_away(Fraction(100 * part, whole))


def rate(count: int, population: int) -> float:
    return round_half_away(Fraction(count * 10_000, population))


def published(la_code: str, as_of: date) -> tuple[BenchmarkResult | None, str]:
    """The authority's published figures for the latest year on or before the as-of year."""
    try:
        years = [y for y in benchmark_years() if y <= as_of.year]
        if not years:
            return None, "No published DfE year is as early as this snapshot."
        return benchmark(la_code, max(years)), ""
    except UnknownAuthorityError:
        # A plain sentence for a director, not the engine's instructions to an analyst.
        return None, (
            f"No published DfE figures are shown: the authority's DfE code ({la_code}) is in "
            "none of the DfE files. Set the authority's DfE code in its settings (for "
            "example 886 for Kent) to compare."
        )
    except BenchmarkError as error:
        return None, (
            f"No published DfE figures are shown: {error} "
            "(set the authority's DfE code, for example 886 for Kent, to compare)."
        )


def benchmark_chart(key: str, title: str, lines: Sequence[BenchmarkLine], la_name: str) -> Chart:
    rows: list[tuple[str, str, float | int | None]] = []
    for line in lines:
        rows.append((line.label, "This Annex A", line.own))
        rows.append((line.label, f"{la_name} {line.year} (DfE)", line.value))
        rows.append((line.label, "Statistical neighbours", line.sn_median))
        rows.append((line.label, "Region", line.region))
        rows.append((line.label, "England", line.england))
    first = lines[0]
    summary = (
        f"{first.label}: {fmt(first.own)} in this Annex A, against {fmt(first.value)} published "
        f"for {first.year}, {fmt(first.sn_median)} for statistical neighbours and "
        f"{fmt(first.england)} for England."
    )
    return grouped_bar_chart(
        key,
        title,
        summary,
        rows,
        category_title="Indicator",
        series_title="Figure",
        value_title=title.split(": ", 1)[-1],
    )


class AnnexContext:
    """One snapshot as its sections see it."""

    def __init__(
        self,
        engine: Engine,
        figures: dict[str, Figure],
        result: BenchmarkResult | None,
        population: int | None,
        la_name: str,
    ) -> None:
        self.engine = engine
        self.f = figures
        self.result = result
        self.population = population
        self.la_name = la_name

    # Part A figures (the indicator registry) -------------------------------------------

    def value(self, ind: str) -> float | int | None:
        return self.f.get(ind, (None, None, None))[2]

    def num(self, ind: str) -> int | None:
        return self.f.get(ind, (None, None, None))[0]

    def den(self, ind: str) -> int | None:
        return self.f.get(ind, (None, None, None))[1]

    # Counts by category (the breakdown registry) ---------------------------------------

    def breakdown(self, breakdown_id: str, cohort: str) -> dict[Key, int] | None:
        """The cohort's rows by category; None when the file cannot say."""
        return self.engine.breakdown(breakdown_id, cohort)

    def ordered(self, breakdown_id: str, cohort: str) -> tuple[list[str], list[int], int] | None:
        """(categories, counts, total) in the breakdown's order; None when the file cannot say."""
        counts = self.breakdown(breakdown_id, cohort)
        if counts is None:
            return None
        labels = list(breakdown_spec(breakdown_id).order)
        values = [counts.get(label, 0) for label in labels]
        return labels, values, sum(values)

    def largest_first(self, breakdown_id: str, cohort: str) -> list[tuple[str, int]] | None:
        counts = self.breakdown(breakdown_id, cohort)
        if counts is None:
            return None
        return sorted(((str(k), n) for k, n in counts.items()), key=lambda kv: (-kv[1], kv[0]))

    def has(self, cohort: str) -> bool:
        """Whether the cohort's list was imported (so its breakdowns can be counted)."""
        return cohort_rows(self.engine, cohort) is not None

    # Published figures --------------------------------------------------------------

    def lines(self, ids: Iterable[str]) -> tuple[BenchmarkLine, ...]:
        out: list[BenchmarkLine] = []
        for bid in ids:
            own_id = OWN_FIGURE.get(bid)
            own: float | int | None
            if bid == "cin_per_10k":
                cin = self.num("cin_open")
                own = rate(cin, self.population) if cin is not None and self.population else None
            else:
                own = self.value(own_id) if own_id else None
            line = self._line(bid, own)
            if line is not None:
                out.append(line)
        return tuple(out)

    def _line(self, indicator: str, own: float | int | None) -> BenchmarkLine | None:
        if self.result is None or indicator not in self.result.indicators:
            return None
        meta = benchmark_indicator(indicator)
        c = self.result.indicators[indicator]
        return BenchmarkLine(
            indicator=indicator,
            label=meta.label,
            unit=meta.unit,
            own=own,
            value=c.value,
            england=c.england,
            region=c.region,
            sn_median=c.sn_median,
            year=self.result.year,
            polarity=meta.polarity,
        )


def percent_chart(
    ctx: AnnexContext,
    key: str,
    title: str,
    measures: Sequence[tuple[str, str]],
    lead: str,
    counted: str = "In time",
) -> Chart | None:
    """Percentage indicators side by side, the table giving each one's parts."""
    rows = [(label, ctx.num(i), ctx.den(i), ctx.value(i)) for label, i in measures]
    rows = [r for r in rows if r[2]]
    if not rows:
        return None
    summary = (
        lead + "; ".join(f"{lab.lower()} {v}% ({n:,} of {d:,})" for lab, n, d, v in rows) + "."
    )
    chart = bar_chart(
        key,
        title,
        summary,
        [r[0] for r in rows],
        [r[3] for r in rows],
        category_title="Measure",
        value_title="Per cent",
    )
    return replace(
        chart,
        headers=("Measure", counted, "Of", "Per cent"),
        rows=tuple((lab, n, d, v) for lab, n, d, v in rows),
    )
