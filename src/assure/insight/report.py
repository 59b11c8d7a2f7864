"""The visual report of one Annex A snapshot, and the monthly series behind the trends.

`snapshot_report(snapshot)` builds what Ofsted's analytics tool gives an
authority, section by section, as plain data: each chart (a Vega-Lite
spec) with its table and a sentence, and the authority's published DfE
figures beside its own where a Part B indicator exists. Counts come from
DuckDB over the snapshot's Parquet files; each cohort is chosen by the
scope of the Part A indicator it stands for (the same rows, the same
unreadable dates left out), so a section's total always equals the
indicator of the same name.

Only aggregates leave this module: counts, percentages and means, never a
child reference.

`indicator_series()` gives each Part A indicator month by month across the
imported snapshots (one a calendar month: the latest), for the trends.

Both are cached in Django's cache under keys that change whenever a snapshot
is imported, withdrawn or recomputed, so a page over five years of monthly
snapshots reads one cache entry.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
from django.core.cache import cache

from .benchmarks import (
    ATTRIBUTION,
    BenchmarkError,
    BenchmarkResult,
    benchmark,
    benchmark_indicator,
    benchmark_years,
)
from .charts import Chart, bar_chart, fmt, grouped_bar_chart, pyramid_chart
from .indicators import Indicator, compute_indicators, get, part_a, round_half_away, window
from .indicators.engine import _calendar_table, _expand, _macros
from .models import AnnexASnapshot, IndicatorRun, IndicatorValue
from .services import configured_la_code, configured_population

log = logging.getLogger(__name__)

CACHE_VERSION = "r1"
CACHE_SECONDS = 24 * 3600

# (numerator, denominator, value) of one output row.
Figure = tuple[int | None, int | None, float | int | None]
Values = dict[tuple[str, str, str], Figure]

ASSESSMENT_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Same day", 0, 0),
    ("1-10", 1, 10),
    ("11-20", 11, 20),
    ("21-30", 21, 30),
    ("31-40", 31, 40),
    ("41-45", 41, 45),
    ("46-50", 46, 50),
    ("51-60", 51, 60),
    ("61+", 61, None),
)
ICPC_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Same day", 0, 0),
    ("1-5", 1, 5),
    ("6-10", 6, 10),
    ("11-15", 11, 15),
    ("16-20", 16, 20),
    ("21-25", 21, 25),
    ("26-30", 26, 30),
    ("31+", 31, None),
)
ADOPTION_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Up to 12 months (365 days)", 0, 365),
    ("12 to 14 months (366-426 days)", 366, 426),
    ("14 to 18 months (427-547 days)", 427, 547),
    ("Over 18 months (548+ days)", 548, None),
)
AGE_BANDS = ("Under 1", "1-4", "5-9", "10-15", "16-17", "18+", "Not known")
ETHNIC_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("White", ("WBRI", "WIRI", "WIRT", "WOTH", "WROM")),
    ("Mixed", ("MWBC", "MWBA", "MWAS", "MOTH")),
    ("Asian or Asian British", ("AIND", "APKN", "ABAN", "AOTH", "CHNE")),
    ("Black or Black British", ("BCRB", "BAFR", "BOTH")),
    ("Other ethnic group", ("OOTH",)),
)
NOT_KNOWN_ETHNICITY = "Not known or refused"

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


# --------------------------------------------------------------- structures


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


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    charts: tuple[Chart, ...] = ()
    benchmarks: tuple[BenchmarkLine, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def uses_dfe(self) -> bool:
        return bool(self.benchmarks)


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
    sections: tuple[Section, ...] = ()
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


# ------------------------------------------------------ indicator values


def _run_for(snapshot: AnnexASnapshot) -> IndicatorRun | None:
    try:
        return snapshot.indicator_run
    except IndicatorRun.DoesNotExist:
        return None


def _snapshot_key(snapshot: AnnexASnapshot, run: IndicatorRun | None) -> str:
    stamp = run.computed_at.isoformat() if run is not None else "live"
    raw = (
        f"{snapshot.pk}:{snapshot.storage_path}:{stamp}:"
        f"{configured_la_code()}:{configured_population()}"
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def snapshot_values(snapshot: AnnexASnapshot) -> Values:
    """Every output row of a snapshot: the stored run when there is one, else computed.

    A computed result is cached (the stored run is what imports through the
    upload page leave, and is read straight from the table).
    """
    run = _run_for(snapshot)
    if run is not None:
        return {
            (i, lv, u): (n, d, v)
            for i, lv, u, n, d, v in IndicatorValue.objects.filter(run=run).values_list(
                "indicator", "level", "unit", "numerator", "denominator", "value"
            )
        }
    key = f"insight:{CACHE_VERSION}:values:{_snapshot_key(snapshot, None)}"
    found: Values | None = cache.get(key)
    if found is not None:
        return found
    values: Values = {}
    if snapshot.directory.is_dir():
        rows = compute_indicators(
            snapshot.directory,
            as_of=snapshot.as_of,
            la_code=configured_la_code(),
            population=configured_population(),
        )
        values = {
            (r["indicator"], r["level"], r["unit"]): (r["numerator"], r["denominator"], r["value"])
            for r in rows
        }
    cache.set(key, values, CACHE_SECONDS)
    return values


def la_figures(values: Values) -> dict[str, Figure]:
    return {ind: fig for (ind, level, _unit), fig in values.items() if level == "la"}


# ------------------------------------------------------------ the series


@dataclass(frozen=True)
class SeriesPoint:
    snapshot_id: int
    as_of: date
    numerator: int | None
    denominator: int | None
    value: float | int | None


@dataclass(frozen=True)
class SeriesSet:
    level: str
    unit: str | None
    snapshots: tuple[tuple[int, date], ...]
    series: dict[str, tuple[SeriesPoint, ...]] = field(default_factory=dict)
    units: tuple[tuple[str, str], ...] = ()  # (level, unit) choices in the latest snapshot
    signature: str = ""  # changes whenever any figure behind the series may have changed


def monthly_snapshots() -> list[AnnexASnapshot]:
    """One imported snapshot a month (its latest as-of, then latest import), oldest first."""
    chosen: dict[tuple[int, int], AnnexASnapshot] = {}
    for snap in (
        AnnexASnapshot.objects.filter(status=AnnexASnapshot.Status.IMPORTED)
        .select_related("indicator_run")
        .order_by("as_of", "imported_at", "pk")
    ):
        chosen[(snap.as_of.year, snap.as_of.month)] = snap
    return sorted(chosen.values(), key=lambda s: s.as_of)


def _set_signature(snapshots: Sequence[AnnexASnapshot]) -> str:
    parts = [_snapshot_key(s, _run_for(s)) for s in snapshots]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _other_units(values: Values) -> list[tuple[str, str]]:
    return sorted({(lv, u) for (_i, lv, u) in values if lv != "la"})


def indicator_series(*, level: str = "la", unit: str | None = None) -> SeriesSet:
    """Every Part A indicator month by month at one level (`la`, or e.g. `team` and its name)."""
    snapshots = monthly_snapshots()
    key = (
        f"insight:{CACHE_VERSION}:series:{_set_signature(snapshots)}:"
        + hashlib.sha256(f"{level}\x00{unit}".encode()).hexdigest()[:16]
    )
    found: SeriesSet | None = cache.get(key)
    if found is not None:
        return found
    points: dict[str, list[SeriesPoint]] = {ind.id: [] for ind in part_a()}
    stored = [s for s in snapshots if _run_for(s) is not None]
    by_snapshot: dict[int, dict[str, Figure]] = {}
    if stored:
        query = IndicatorValue.objects.filter(run__snapshot__in=[s.pk for s in stored], level=level)
        if level != "la":
            query = query.filter(unit=unit or "")
        for sid, ind, n, d, v in query.values_list(
            "run__snapshot_id", "indicator", "numerator", "denominator", "value"
        ):
            by_snapshot.setdefault(sid, {})[ind] = (n, d, v)
    for snap in snapshots:
        if _run_for(snap) is None:
            values = snapshot_values(snap)
            by_snapshot[snap.pk] = {
                ind: fig
                for (ind, lv, u), fig in values.items()
                if lv == level and (level == "la" or u == unit)
            }
    for snap in snapshots:
        figures = by_snapshot.get(snap.pk, {})
        for ind_id, pts in points.items():
            n, d, v = figures.get(ind_id, (None, None, None))
            pts.append(SeriesPoint(snap.pk, snap.as_of, n, d, v))
    units: list[tuple[str, str]] = []
    if snapshots:
        latest = snapshots[-1]
        if _run_for(latest) is not None:
            units = sorted(
                set(
                    IndicatorValue.objects.filter(run__snapshot=latest)
                    .exclude(level="la")
                    .values_list("level", "unit")
                )
            )
        else:
            units = _other_units(snapshot_values(latest))
    result = SeriesSet(
        level=level,
        unit=unit,
        snapshots=tuple((s.pk, s.as_of) for s in snapshots),
        series={k: tuple(v) for k, v in points.items()},
        units=tuple(units),
        signature=key,
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


# ------------------------------------------------------------ benchmarks


def _benchmarks(la_code: str, as_of: date) -> tuple[BenchmarkResult | None, str]:
    """The authority's published figures for the latest year on or before the as-of year."""
    try:
        years = [y for y in benchmark_years() if y <= as_of.year]
        if not years:
            return None, "No published DfE year is as early as this snapshot."
        return benchmark(la_code, max(years)), ""
    except BenchmarkError as error:
        return None, (
            f"No published DfE figures are shown: {error} "
            "(set the authority's DfE code, for example 886 for Kent, to compare)."
        )


def _line(
    result: BenchmarkResult | None, indicator: str, own: float | int | None
) -> BenchmarkLine | None:
    if result is None or indicator not in result.indicators:
        return None
    meta = benchmark_indicator(indicator)
    c = result.indicators[indicator]
    return BenchmarkLine(
        indicator=indicator,
        label=meta.label,
        unit=meta.unit,
        own=own,
        value=c.value,
        england=c.england,
        region=c.region,
        sn_median=c.sn_median,
        year=result.year,
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


# ------------------------------------------------------------- the query


class _Snapshot:
    """The snapshot's lists in DuckDB, with the engine's macros for its window."""

    def __init__(self, directory: Path, as_of: date) -> None:
        self.window = window(as_of)
        self.con = duckdb.connect()
        self.con.register("wd_calendar_in", _calendar_table())
        self.con.execute("CREATE TABLE wd_calendar AS SELECT * FROM wd_calendar_in")
        self.con.unregister("wd_calendar_in")
        self.lists: set[int] = set()
        if directory.is_dir():
            for path in sorted(directory.glob("list_*.parquet")):
                number = int(path.stem.split("_", 1)[1])
                source = path.as_posix().replace("'", "''")
                self.con.execute(
                    f"CREATE TABLE list_{number} AS SELECT * FROM read_parquet('{source}')"  # noqa: S608
                )
                self.lists.add(number)
        self.con.execute(_macros(self.window))

    def close(self) -> None:
        self.con.close()

    def cohort(self, indicator_id: str) -> tuple[str, str] | None:
        """(table, WHERE) for the rows an indicator counts, or None when its list is absent."""
        ind: Indicator = get(indicator_id)
        if ind.list is None or not set(ind.requires) <= self.lists:
            return None
        reads = "[" + ", ".join(f"'{r}'" for r in ind.reads) + "]"
        where = (
            f"NOT list_has_any(unreadable, CAST({reads} AS VARCHAR[])) "
            f"AND ({_expand(ind.scope, self.window)})"
        )
        return f"list_{ind.list}", where

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def counts(self, indicator_id: str, expr: str) -> dict[Any, int]:
        """Rows of the indicator's cohort counted by `expr` (SQL over the list's columns)."""
        found = self.cohort(indicator_id)
        if found is None:
            return {}
        table, where = found
        expr = _expand(expr, self.window)
        return {
            key: int(n)
            for key, n in self.rows(
                f"SELECT {expr} AS k, count(*) FROM {table} WHERE {where} GROUP BY k"  # noqa: S608
            )
        }

    def has(self, number: int, column: str) -> bool:
        got = self.con.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = ? AND column_name = ?",
            [f"list_{number}", column],
        ).fetchone()
        return bool(got and got[0])


def _band_sql(expr: str, bands: Sequence[tuple[str, int, int | None]]) -> str:
    whens = []
    for label, low, high in bands:
        quoted = label.replace("'", "''")
        if high is None:
            whens.append(f"WHEN ({expr}) >= {low} THEN '{quoted}'")
        else:
            whens.append(f"WHEN ({expr}) BETWEEN {low} AND {high} THEN '{quoted}'")
    return f"CASE {' '.join(whens)} ELSE NULL END"


def _pct(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return round_half_away(Fraction(100 * part, whole))


AGE_SQL = (
    "CASE WHEN date_of_birth IS NOT NULL AND date_of_birth <= D "
    "THEN date_sub('year', date_of_birth, D) ELSE age END"
)
GENDER_SQL = (
    "CASE WHEN lower(strip_prefix(gender)) IN ('male', 'm') THEN 'Male' "
    "WHEN lower(strip_prefix(gender)) IN ('female', 'f') THEN 'Female' "
    "ELSE 'Not stated or neither' END"
)


def _age_band_sql() -> str:
    return (
        f"CASE WHEN ({AGE_SQL}) IS NULL OR ({AGE_SQL}) < 0 THEN 'Not known' "
        f"WHEN ({AGE_SQL}) < 1 THEN 'Under 1' WHEN ({AGE_SQL}) <= 4 THEN '1-4' "
        f"WHEN ({AGE_SQL}) <= 9 THEN '5-9' WHEN ({AGE_SQL}) <= 15 THEN '10-15' "
        f"WHEN ({AGE_SQL}) <= 17 THEN '16-17' ELSE '18+' END"
    )


def _ethnicity_sql() -> str:
    code = "upper(left(strip_prefix(ethnicity), 4))"
    whens = " ".join(
        f"WHEN {code} IN ({', '.join(repr(c) for c in codes)}) THEN '{group}'"
        for group, codes in ETHNIC_GROUPS
    )
    return f"CASE {whens} ELSE '{NOT_KNOWN_ETHNICITY}' END"


def _source_sql(column: str) -> str:
    return f"coalesce(nullif(strip_prefix({column}), ''), 'Not recorded')"


# ------------------------------------------------------------- sections


class _Builder:
    def __init__(
        self,
        snap: _Snapshot,
        figures: dict[str, Figure],
        result: BenchmarkResult | None,
        population: int | None,
        la_name: str,
    ) -> None:
        self.s = snap
        self.f = figures
        self.result = result
        self.population = population
        self.la_name = la_name

    def value(self, ind: str) -> float | int | None:
        return self.f.get(ind, (None, None, None))[2]

    def num(self, ind: str) -> int | None:
        return self.f.get(ind, (None, None, None))[0]

    def den(self, ind: str) -> int | None:
        return self.f.get(ind, (None, None, None))[1]

    def lines(self, ids: Iterable[str]) -> tuple[BenchmarkLine, ...]:
        out: list[BenchmarkLine] = []
        for bid in ids:
            own_id = OWN_FIGURE.get(bid)
            own: float | int | None
            if bid == "cin_per_10k":
                cin = self.num("cin_open")
                own = _rate(cin, self.population) if cin is not None and self.population else None
            else:
                own = self.value(own_id) if own_id else None
            line = _line(self.result, bid, own)
            if line is not None:
                out.append(line)
        return tuple(out)

    # 1 -------------------------------------------------------------------
    def volumes(self) -> Section:
        measures = [
            ("Contacts in the six months", "contacts"),
            ("Referrals in the six months", "referrals"),
            ("Assessments authorised in the six months", "assessments_authorised"),
            ("Section 47 enquiries in the six months", "s47_enquiries"),
            ("Children in need on the as-of date", "cin_open"),
            ("Child protection plans on the as-of date", "cpp_open"),
            ("Children in care on the as-of date", "cla_open"),
        ]
        labels = [m for m, _ in measures]
        counts = [self.num(i) for _, i in measures]
        leavers = self.s.rows("SELECT count(*) FROM list_9")[0][0] if 9 in self.s.lists else None
        adoption = self.s.rows("SELECT count(*) FROM list_10")[0][0] if 10 in self.s.lists else None
        labels += ["Care leavers (list 9)", "Children with an adoption decision (list 10)"]
        counts += [leavers, adoption]
        present = [(lab, c) for lab, c in zip(labels, counts, strict=True) if c is not None]
        summary = (
            "How many children each list holds: "
            + "; ".join(f"{lab.lower()} {c:,}" for lab, c in present[:4])
            + ("." if present else "no list was imported.")
        )
        charts = [
            bar_chart(
                "volumes-counts",
                "Volumes by list",
                summary,
                [lab for lab, _ in present],
                [c for _, c in present],
                category_title="Measure",
                value_title="Count",
            )
        ]
        lines = self.lines(["referrals_per_10k", "cin_per_10k", "cpp_per_10k", "cla_per_10k"])
        if lines:
            charts.append(
                benchmark_chart(
                    "volumes-rates",
                    "Rates: per 10,000 children aged 0-17",
                    lines,
                    self.la_name,
                )
            )
        notes: list[str] = []
        if not self.population:
            notes.append("Rates need the authority's 0-17 population, which is not configured.")
        else:
            notes.append(
                f"Rates use a 0-17 population of {self.population:,}; referrals are annualised "
                "(the six months doubled) to compare with the published year."
            )
        return Section(
            "volumes",
            "Volumes and rates",
            "Each list's volume in this snapshot, and rates per 10,000 children beside the "
            "published figures.",
            tuple(charts),
            lines,
            tuple(notes),
        )

    # 2 -------------------------------------------------------------------
    def age_gender(self) -> Section:
        charts: list[Chart] = []
        for ind_id, name in COHORTS:
            if self.s.cohort(ind_id) is None:
                continue
            counts = self.s.counts(ind_id, f"({_age_band_sql()}) || '|' || ({GENDER_SQL})")
            cell = {tuple(str(k).split("|", 1)): n for k, n in counts.items()}
            boys = [cell.get((b, "Male"), 0) for b in AGE_BANDS]
            girls = [cell.get((b, "Female"), 0) for b in AGE_BANDS]
            other = [cell.get((b, "Not stated or neither"), 0) for b in AGE_BANDS]
            total = sum(boys) + sum(girls) + sum(other)
            by_band = [b + g + o for b, g, o in zip(boys, girls, other, strict=True)]
            biggest = AGE_BANDS[by_band.index(max(by_band))]
            summary = (
                f"{name}: {total:,} {'child' if total == 1 else 'children'}"
                f" (boys {sum(boys):,}, girls {sum(girls):,}, other or not stated "
                f"{sum(other):,}); the largest age group is {biggest}."
                if total
                else f"{name}: none in this snapshot."
            )
            charts.append(
                pyramid_chart(
                    f"age-{ind_id}",
                    f"{name}: age and gender",
                    summary,
                    AGE_BANDS,
                    ("Boys", boys),
                    ("Girls", girls),
                    others=[("Not stated or neither", other)],
                )
            )
        return Section(
            "age-gender",
            "Age and gender",
            "Age (at the as-of date, from the date of birth, else the age column) and gender "
            "of the children in each list.",
            tuple(charts),
        )

    # 3 -------------------------------------------------------------------
    def ethnicity(self) -> Section:
        groups = [g for g, _ in ETHNIC_GROUPS] + [NOT_KNOWN_ETHNICITY]
        rows: list[tuple[str, str, float | int | None]] = []
        parts: list[str] = []
        for ind_id, name in COHORTS:
            if self.s.cohort(ind_id) is None:
                continue
            counts = self.s.counts(ind_id, _ethnicity_sql())
            total = sum(counts.values())
            for g in groups:
                rows.append((g, name, _pct(counts.get(g, 0), total) if total else None))
            if total:
                parts.append(f"{_pct(counts.get('White', 0), total)}% of {name.lower()}")
        charts: list[Chart] = []
        if rows:
            summary = (
                "The share of each ethnic group in each list: White children make up "
                + ", ".join(parts)
                + "."
                if parts
                else "No children in these lists in this snapshot."
            )
            charts.append(
                grouped_bar_chart(
                    "ethnicity",
                    "Ethnicity: per cent of each list",
                    summary,
                    rows,
                    category_title="Ethnic group",
                    series_title="List",
                    value_title="Per cent",
                )
            )
        return Section(
            "ethnicity",
            "Ethnicity",
            "Ethnic groups (the census's five, from the Annex A code) as a share of each list.",
            tuple(charts),
        )

    # 4 -------------------------------------------------------------------
    def sources(self) -> Section:
        charts: list[Chart] = []
        for ind_id, column, name in (
            ("contacts", "contact_source", "Contacts"),
            ("referrals", "referral_source", "Referrals"),
        ):
            if self.s.cohort(ind_id) is None:
                continue
            number = 1 if ind_id == "contacts" else 3
            expr = _source_sql(column) if self.s.has(number, column) else "'Not recorded'"
            counts = sorted(self.s.counts(ind_id, expr).items(), key=lambda kv: (-kv[1], kv[0]))
            total = sum(n for _, n in counts)
            summary = (
                f"{name} in the six months by source: {total:,} in all, the most from "
                f"{counts[0][0]} ({counts[0][1]:,}, {_pct(counts[0][1], total)}%)."
                if counts
                else f"No {name.lower()} in the six months."
            )
            charts.append(
                bar_chart(
                    f"sources-{ind_id}",
                    f"{name} by source",
                    summary,
                    [k for k, _ in counts],
                    [n for _, n in counts],
                    category_title="Source",
                    value_title=name,
                )
            )
        lines = self.lines(["referrals_nfa_pct"])
        return Section(
            "sources",
            "Sources of contacts and referrals",
            "Who contacted and referred, over the six months to the as-of date.",
            tuple(charts),
            lines,
        )

    # 5 -------------------------------------------------------------------
    def repeat(self) -> Section:
        measures: list[tuple[str, int | None, int | None]] = [
            (
                "Re-referrals within 12 months",
                self.num("rereferrals_pct"),
                self.den("rereferrals_pct"),
            ),
        ]
        if self.s.cohort("s47_enquiries") is not None and self.s.has(5, "s47_last_12m"):
            table, where = self.s.cohort("s47_enquiries")  # type: ignore[misc]
            got = self.s.rows(
                f"SELECT count(*) FILTER (WHERE coalesce(s47_last_12m, 0) >= 1), count(*) "  # noqa: S608
                f"FROM {table} WHERE {where}"
            )[0]
            measures.append(("Section 47 enquiries with another in 12 months", got[0], got[1]))
        measures.append(
            (
                "Second or subsequent child protection plans",
                self.num("cpp_subsequent_pct"),
                self.den("cpp_subsequent_pct"),
            )
        )
        if self.s.cohort("cla_open") is not None and self.s.has(8, "second_period"):
            table, where = self.s.cohort("cla_open")  # type: ignore[misc]
            got = self.s.rows(
                f"SELECT count(*) FILTER (WHERE is_yes(second_period)), count(*) "  # noqa: S608
                f"FROM {table} WHERE {where}"
            )[0]
            measures.append(("Second period of care within 12 months", got[0], got[1]))
        shown = [(m, n, d) for m, n, d in measures if d]
        rows = [(m, n, d, _pct(n or 0, d)) for m, n, d in shown]
        summary = (
            "; ".join(f"{m.lower()}: {p}% ({n:,} of {d:,})" for m, n, d, p in rows) + "."
            if rows
            else "No repeat episodes can be counted from this snapshot."
        )
        charts: list[Chart] = [
            bar_chart(
                "repeat",
                "Children with repeat episodes",
                summary[0].upper() + summary[1:],
                [m for m, *_ in rows],
                [p for *_, p in rows],
                category_title="Measure",
                value_title="Per cent",
            )
        ]
        lines = self.lines(["rereferrals_pct", "cpp_subsequent_pct", "cpp_2y_plus_pct"])
        if lines:
            charts.append(
                benchmark_chart(
                    "repeat-benchmarks", "Repeat episodes: per cent", lines, self.la_name
                )
            )
        return Section(
            "repeat",
            "Children with repeat episodes",
            "Children returning to each service: re-referrals, repeat enquiries, repeat plans "
            "and repeat periods of care.",
            tuple(charts),
            lines,
        )

    # 6 -------------------------------------------------------------------
    def _bands(
        self,
        ind_id: str,
        expr: str,
        bands: Sequence[tuple[str, int, int | None]],
    ) -> tuple[list[str], list[int], int]:
        counts = self.s.counts(ind_id, _band_sql(expr, bands))
        labels = [b[0] for b in bands]
        values = [counts.get(lab, 0) for lab in labels]
        return labels, values, sum(values)

    def timeliness(self) -> Section:
        charts: list[Chart] = []
        if self.s.cohort("assessments_authorised") is not None:
            labels, values, total = self._bands(
                "assessments_authorised",
                "wd(assessment_start, assessment_authorised)",
                ASSESSMENT_BANDS,
            )
            within = sum(values[:6])
            summary = (
                f"Assessments authorised in the six months by working days taken: "
                f"{within:,} of {total:,} ({_pct(within, total)}%) within 45 working days."
                if total
                else "No assessments were authorised in the six months."
            )
            charts.append(
                bar_chart(
                    "timeliness-assessments",
                    "Assessment duration (working days)",
                    summary,
                    labels,
                    values,
                    category_title="Working days",
                    value_title="Assessments",
                )
            )
        if self.s.cohort("icpc_15wd_pct") is not None:
            labels, values, total = self._bands(
                "icpc_15wd_pct", "wd(strategy_start, icpc_date)", ICPC_BANDS
            )
            within = sum(values[:4])
            summary = (
                f"Initial child protection conferences in the six months by working days after "
                f"the strategy discussion: {within:,} of {total:,} ({_pct(within, total)}%) "
                "within 15 working days."
                if total
                else "No initial child protection conferences were held in the six months."
            )
            charts.append(
                bar_chart(
                    "timeliness-icpc",
                    "Initial conferences after the strategy discussion (working days)",
                    summary,
                    labels,
                    values,
                    category_title="Working days",
                    value_title="Conferences",
                )
            )
        return Section(
            "timeliness",
            "Timeliness",
            "How long assessments and initial child protection conferences took, in working "
            "days (weekends and bank holidays in England left out). A row with no start date "
            "is not banded.",
            tuple(charts),
        )

    # 7 -------------------------------------------------------------------
    def _percent_chart(
        self,
        key: str,
        title: str,
        measures: Sequence[tuple[str, str]],
        lead: str,
        counted: str = "In time",
    ) -> Chart | None:
        rows = [(label, self.num(i), self.den(i), self.value(i)) for label, i in measures]
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
        return Chart(
            key=chart.key,
            title=chart.title,
            summary=chart.summary,
            headers=("Measure", counted, "Of", "Per cent"),
            rows=tuple((lab, n, d, v) for lab, n, d, v in rows),
            spec=chart.spec,
        )

    def visits(self) -> Section:
        chart = self._percent_chart(
            "visits",
            "Visits and reviews in time",
            [
                ("Child in need plans: seen within 28 days", "cin_plan_seen_28d_pct"),
                ("Child protection plans: visited within 10 working days", "cpp_visit_10wd_pct"),
                ("Children in care: visited within 6 weeks", "cla_visit_6wk_pct"),
                ("Children in care: reviewed within 6 months", "cla_review_6m_pct"),
                (
                    "Children in care: health assessment within 12 months",
                    "cla_health_assessment_pct",
                ),
            ],
            "On the as-of date: ",
        )
        return Section(
            "visits",
            "Visits in time",
            "Children seen, visited and reviewed within the required time, on the as-of date.",
            (chart,) if chart else (),
        )

    # 8 -------------------------------------------------------------------
    def placements(self) -> Section:
        charts: list[Chart] = []
        if self.s.cohort("cla_open") is not None:
            expr = (
                _source_sql("placement_type")
                if self.s.has(8, "placement_type")
                else "'Not recorded'"
            )
            counts = sorted(self.s.counts("cla_open", expr).items(), key=lambda kv: (-kv[1], kv[0]))
            total = sum(n for _, n in counts)
            summary = (
                f"Children in care on the as-of date by placement type: {total:,} children, the "
                f"most in {counts[0][0]} ({counts[0][1]:,})."
                if counts
                else "No children in care on the as-of date."
            )
            charts.append(
                bar_chart(
                    "placements-type",
                    "Placement type",
                    summary,
                    [k for k, _ in counts],
                    [n for _, n in counts],
                    category_title="Placement type",
                    value_title="Children",
                )
            )
            moves = self.s.counts(
                "cla_open",
                "CASE WHEN coalesce(placements_12m, 0) <= 1 THEN '0-1' "
                "WHEN placements_12m = 2 THEN '2' ELSE '3 or more' END",
            )
            labels = ["0-1", "2", "3 or more"]
            values = [moves.get(lab, 0) for lab in labels]
            three = values[2]
            charts.append(
                bar_chart(
                    "placements-moves",
                    "Placements in the last 12 months",
                    (
                        f"Children in care by placements in the last 12 months: {three:,} of "
                        f"{sum(values):,} ({_pct(three, sum(values))}%) had 3 or more."
                        if sum(values)
                        else "No children in care on the as-of date."
                    ),
                    labels,
                    values,
                    category_title="Placements",
                    value_title="Children",
                )
            )
        return Section(
            "placements",
            "Placements",
            "Where children in care live, and how often they moved.",
            tuple(charts),
        )

    # 9 -------------------------------------------------------------------
    def care_leavers(self) -> Section:
        charts: list[Chart] = []
        chart = self._percent_chart(
            "care-leavers",
            "Care leavers' outcomes",
            [
                ("In touch", "care_leavers_in_touch_pct"),
                ("In suitable accommodation", "care_leavers_suitable_accommodation_pct"),
                ("In education, employment or training", "care_leavers_eet_pct"),
            ],
            "Of the care leavers on list 9: ",
            counted="Care leavers",
        )
        if chart is not None:
            charts.append(chart)
        if 9 in self.s.lists:
            expr = (
                "CASE left(upper(strip_prefix(activity_status)), 1) "
                "WHEN 'F' THEN 'Full-time education, employment or training' "
                "WHEN 'P' THEN 'Part-time education, employment or training' "
                "WHEN 'G' THEN 'Not in education, employment or training' "
                "ELSE 'Other or not known' END"
            )
            got = dict(
                self.s.rows(f"SELECT {expr} AS k, count(*) FROM list_9 GROUP BY k")  # noqa: S608
            )
            labels = [
                "Full-time education, employment or training",
                "Part-time education, employment or training",
                "Not in education, employment or training",
                "Other or not known",
            ]
            values = [int(got.get(lab, 0)) for lab in labels]
            total = sum(values)
            charts.append(
                bar_chart(
                    "care-leavers-activity",
                    "Care leavers' activity",
                    (
                        f"Care leavers by activity: {values[2]:,} of {total:,} "
                        f"({_pct(values[2], total)}%) not in education, employment or training."
                        if total
                        else "No care leavers on list 9."
                    ),
                    labels,
                    values,
                    category_title="Activity",
                    value_title="Care leavers",
                )
            )
        return Section(
            "care-leavers",
            "Care leavers' outcomes",
            "Care leavers in touch, suitably housed and in education, employment or training.",
            tuple(charts),
        )

    # 10 ------------------------------------------------------------------
    def adoption(self) -> Section:
        charts: list[Chart] = []
        means = [
            ("Entering care to placed for adoption", "adoption_care_to_placed_days"),
            ("Placement order to match", "adoption_order_to_match_days"),
        ]
        rows = [(lab, self.den(i), self.value(i)) for lab, i in means]
        rows = [r for r in rows if r[1]]
        if rows:
            base = bar_chart(
                "adoption-means",
                "Adoption timeliness: mean days",
                "Mean days over the six months: "
                + "; ".join(f"{lab.lower()} {fmt(v)} days ({n:,} children)" for lab, n, v in rows)
                + ".",
                [r[0] for r in rows],
                [r[2] for r in rows],
                category_title="Stage",
                value_title="Mean days",
            )
            charts.append(
                Chart(
                    key=base.key,
                    title=base.title,
                    summary=base.summary,
                    headers=("Stage", "Children", "Mean days"),
                    rows=tuple(rows),
                    spec=base.spec,
                )
            )
        if self.s.cohort("adoption_care_to_placed_days") is not None:
            labels, values, total = self._bands(
                "adoption_care_to_placed_days",
                "placed_for_adoption - entered_care",
                ADOPTION_BANDS,
            )
            if total:
                charts.append(
                    bar_chart(
                        "adoption-bands",
                        "Entering care to placed for adoption",
                        f"Children placed for adoption in the six months by time since entering "
                        f"care: {values[0]:,} of {total:,} ({_pct(values[0], total)}%) within "
                        "12 months.",
                        labels,
                        values,
                        category_title="Time",
                        value_title="Children",
                    )
                )
        return Section(
            "adoption",
            "Adoption timeliness",
            "How long children waited for adoption, over those placed or matched in the six "
            "months.",
            tuple(charts),
        )


def _rate(count: int, population: int) -> float:
    return round_half_away(Fraction(count * 10_000, population))


def build_report(snapshot: AnnexASnapshot, values: Values) -> Report:
    """The report of one snapshot (uncached; see `snapshot_report`)."""
    la_code = configured_la_code()
    population = configured_population()
    win = window(snapshot.as_of)
    result, note = _benchmarks(la_code, snapshot.as_of)
    la_name = (result.la_name if result else None) or "The authority"
    missing = not snapshot.directory.is_dir()
    snap = _Snapshot(snapshot.directory, snapshot.as_of)
    try:
        builder = _Builder(snap, la_figures(values), result, population, la_name)
        sections = (
            builder.volumes(),
            builder.age_gender(),
            builder.ethnicity(),
            builder.sources(),
            builder.repeat(),
            builder.timeliness(),
            builder.visits(),
            builder.placements(),
            builder.care_leavers(),
            builder.adoption(),
        )
    finally:
        snap.close()
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
        sections=sections,
        missing_files=missing,
    )


def snapshot_report(snapshot: AnnexASnapshot) -> Report:
    """The report of one snapshot, cached until the snapshot or its stored run changes."""
    key = f"insight:{CACHE_VERSION}:report:{_snapshot_key(snapshot, _run_for(snapshot))}"
    found: Report | None = cache.get(key)
    if found is not None:
        return found
    report = build_report(snapshot, snapshot_values(snapshot))
    cache.set(key, report, CACHE_SECONDS)
    return report
