"""Computes registry indicators over an Annex A snapshot with DuckDB.

Each indicator becomes one set of rows in scope (`base`), then each level
sums numerators and denominators over its units; a level above team (district,
area, service) is the sum over its teams, never an average of percentages.
Values are finished in Python with exact fractions so rounding is half away
from zero, as the definitions require, and not at the mercy of binary floats.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

import duckdb
import pyarrow as pa

from assure.core.working_days import working_day_calendar

from .registry import Indicator, part_a

COLUMNS = (
    "indicator",
    "level",
    "unit",
    "as_of",
    "window_start",
    "window_end",
    "numerator",
    "denominator",
    "value",
)


class IndicatorRow(TypedDict):
    indicator: str
    level: str
    unit: str
    as_of: str
    window_start: str
    window_end: str
    numerator: int | None
    denominator: int | None
    value: int | float | None


@dataclass(frozen=True)
class Window:
    as_of: date
    start: date
    end: date


def _minus_months(day: date, months: int) -> date:
    """Calendar months back, clamping to the month's last day (31 Aug - 6 months = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_first - timedelta(days=1)).day))


def window(as_of: date) -> Window:
    """W: the 6 calendar months ending on D, both ends included."""
    return Window(as_of, _minus_months(as_of + timedelta(days=1), 6), as_of)


def round_half_away(value: Fraction) -> float:
    """To 1 decimal place, halves away from zero (12.25 -> 12.3, -12.25 -> -12.3)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def normalise_team(name: str | None) -> str | None:
    """Team: non-breaking spaces to spaces, runs of blanks to one, ends trimmed."""
    if name is None:
        return None
    cleaned = re.sub(r"\s+", " ", name.replace("\xa0", " ")).strip()
    return cleaned or None


@lru_cache(maxsize=1)
def _calendar_table() -> pa.Table:
    # The importer keeps dates within 1900-2100, so this covers every stored date.
    return pa.table(working_day_calendar(date(1900, 1, 1), date(2100, 12, 31)))


def _sql_date(day: date) -> str:
    return f"DATE '{day.isoformat()}'"


def _macros(win: Window) -> str:
    d = _sql_date(win.as_of)
    # Only dates we format ourselves go into this SQL.
    return f"""
    CREATE OR REPLACE MACRO in_w(x) AS (x BETWEEN {_sql_date(win.start)} AND {d});
    CREATE OR REPLACE MACRO open_on(s, e) AS (s <= {d} AND (e IS NULL OR e > {d}));
    CREATE OR REPLACE MACRO wd(a, b) AS
        ((SELECT c.ordinal FROM wd_calendar c WHERE c.day = b)
         - (SELECT c.ordinal FROM wd_calendar c WHERE c.day = a));
    CREATE OR REPLACE MACRO strip_prefix(x) AS
        trim(regexp_replace(trim(coalesce(x, '')), '^[A-Za-z]\\)\\s*', ''));
    CREATE OR REPLACE MACRO is_yes(x) AS lower(strip_prefix(x)) IN ('yes', 'y');
    CREATE OR REPLACE MACRO norm_team(x) AS
        nullif(trim(regexp_replace(replace(x, chr(160), ' '), '\\s+', ' ', 'g')), '');
    """  # noqa: S608


def _expand(expr: str, win: Window) -> str:
    two_years = _minus_months(win.as_of, 24)
    expr = re.sub(r"\bD_minus_2y\b", _sql_date(two_years), expr)
    return re.sub(r"\bD\b", _sql_date(win.as_of), expr)


class Engine:
    """One snapshot, one as-of date: computes any registry indicator at every level."""

    def __init__(
        self,
        snapshot: Path,
        *,
        as_of: date,
        la_code: str,
        population: int | None = None,
        team_units: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.window = window(as_of)
        self.la_code = la_code
        self.population = population
        self.con = duckdb.connect()
        self.con.register("wd_calendar_in", _calendar_table())
        self.con.execute("CREATE TABLE wd_calendar AS SELECT * FROM wd_calendar_in")
        self.con.unregister("wd_calendar_in")
        self.lists: set[int] = set()
        for path in sorted(snapshot.glob("list_*.parquet")):
            number = int(path.stem.split("_", 1)[1])
            source = path.as_posix().replace("'", "''")
            self.con.execute(
                f"CREATE TABLE list_{number} AS SELECT * FROM read_parquet('{source}')"  # noqa: S608
            )
            self.lists.add(number)
        self.con.execute(_macros(self.window))
        self.extra_levels: list[str] = []
        self._load_units(team_units or {})
        self.teams = self._team_universe()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _load_units(self, team_units: Mapping[str, Mapping[str, str]]) -> None:
        levels = sorted({level for units in team_units.values() for level in units})
        self.extra_levels = [lv for lv in levels if re.fullmatch(r"[a-z_]+", lv)]
        rows: dict[str, list[str | None]] = {"team": [], **{lv: [] for lv in self.extra_levels}}
        for team, units in team_units.items():
            rows["team"].append(normalise_team(team))
            for level in self.extra_levels:
                rows[level].append(units.get(level))
        table = pa.table({k: pa.array(v, pa.string()) for k, v in rows.items()})
        self.con.register("team_units_in", table)
        self.con.execute("CREATE TABLE team_units AS SELECT * FROM team_units_in")
        self.con.unregister("team_units_in")

    def _team_universe(self) -> list[str]:
        selects = [
            f"SELECT norm_team(allocated_team) AS team FROM list_{n}"  # noqa: S608
            for n in sorted(self.lists)
            if self._has_column(n, "allocated_team")
        ]
        if not selects:
            return []
        union = " UNION ALL ".join(selects)
        query = f"SELECT DISTINCT team FROM ({union}) WHERE team IS NOT NULL"  # noqa: S608
        return sorted(str(r[0]) for r in self.con.execute(query).fetchall())

    def _has_column(self, number: int, column: str) -> bool:
        found = self.con.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = ? AND column_name = ?",
            [f"list_{number}", column],
        ).fetchone()
        return bool(found and found[0])

    def breakdown(self, breakdown_id: str, cohort: str) -> dict[str | tuple[str, ...], int] | None:
        """Named query: the rows of `cohort` counted by a registered breakdown (breakdowns.yaml)."""
        from .breakdowns import breakdown, count_breakdown

        return count_breakdown(self, breakdown(breakdown_id), cohort)

    # ------------------------------------------------------------ computing

    def compute(self, indicators: Sequence[Indicator] | None = None) -> list[IndicatorRow]:
        chosen = list(indicators) if indicators is not None else list(part_a())
        counts: dict[str, int | None] = {}
        rows: list[IndicatorRow] = []
        for ind in chosen:
            if ind.unit == "rate_per_10k":
                continue
            produced = self._compute_one(ind)
            for row in produced:
                if row["level"] == "la":
                    counts[ind.id] = row["numerator"]
            rows.extend(produced)
        for ind in chosen:
            if ind.unit == "rate_per_10k":
                rows.append(self._rate(ind, counts))
        order = {ind.id: i for i, ind in enumerate(chosen)}
        level_order = {"la": 0, "team": 1, **{lv: 2 + i for i, lv in enumerate(self.extra_levels)}}
        rows.sort(key=lambda r: (order[r["indicator"]], level_order.get(r["level"], 99), r["unit"]))
        return rows

    def _row(
        self, ind: Indicator, level: str, unit: str, num: int | None, den: int | None
    ) -> IndicatorRow:
        return {
            "indicator": ind.id,
            "level": level,
            "unit": unit,
            "as_of": self.window.as_of.isoformat(),
            "window_start": self.window.start.isoformat(),
            "window_end": self.window.end.isoformat(),
            "numerator": num,
            "denominator": den if ind.unit != "count" else None,
            "value": _value(ind, num, den),
        }

    def _compute_one(self, ind: Indicator) -> list[IndicatorRow]:
        if not set(ind.requires) <= self.lists:
            # The list was not in the import: no value rather than a misleading 0.
            return [self._row(ind, "la", self.la_code, None, None)]
        table = f"list_{ind.list}"
        team_expr = (
            "norm_team(allocated_team)"
            if ind.has_teams and self._has_column(int(ind.list or 0), "allocated_team")
            else "CAST(NULL AS VARCHAR)"
        )
        reads = "[" + ", ".join(f"'{r}'" for r in ind.reads) + "]"
        hit = _expand(ind.hit, self.window) if ind.hit else "NULL"
        days = _expand(ind.days, self.window) if ind.days else "NULL"
        key = ind.distinct or "NULL"
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE base AS
            SELECT {team_expr} AS team, {key} AS k,
                   coalesce(({hit}), FALSE) AS hit, CAST(({days}) AS BIGINT) AS days
            FROM {table}
            WHERE NOT list_has_any(unreadable, CAST({reads} AS VARCHAR[]))
              AND ({_expand(ind.scope, self.window)})"""  # noqa: S608 - registry SQL
        )
        agg = _aggregates(ind)
        out: list[IndicatorRow] = []
        la = self.con.execute(f"SELECT {agg} FROM base").fetchone()  # noqa: S608
        num, den = (la[0], la[1]) if la else (0, 0)
        out.append(self._row(ind, "la", self.la_code, _int(num), _int(den)))
        if not ind.has_teams:
            return out
        by_team = {
            str(r[0]): (_int(r[1]), _int(r[2]))
            for r in self.con.execute(
                f"SELECT team, {agg} FROM base WHERE team IS NOT NULL GROUP BY team"  # noqa: S608
            ).fetchall()
        }
        for team in self.teams:
            num, den = by_team.get(team, (0, 0))
            out.append(self._row(ind, "team", team, num, den))
        for level in self.extra_levels:
            grouped = {
                str(r[0]): (_int(r[1]), _int(r[2]))
                for r in self.con.execute(
                    f"SELECT u.{level}, {agg} FROM base JOIN team_units u USING (team) "  # noqa: S608
                    f"WHERE u.{level} IS NOT NULL GROUP BY u.{level}"
                ).fetchall()
            }
            units = sorted(
                {
                    str(r[0])
                    for r in self.con.execute(
                        f"SELECT DISTINCT {level} FROM team_units WHERE {level} IS NOT NULL"  # noqa: S608
                    ).fetchall()
                }
            )
            for unit in units:
                num, den = grouped.get(unit, (0, 0))
                out.append(self._row(ind, level, unit, num, den))
        return out

    def _rate(self, ind: Indicator, counts: Mapping[str, int | None]) -> IndicatorRow:
        count = counts.get(ind.source or "")
        population = self.population if self.population and self.population > 0 else None
        value: float | None = None
        if count is not None and population is not None:
            value = round_half_away(Fraction(count * ind.factor * 10_000, population))
        return {
            "indicator": ind.id,
            "level": "la",
            "unit": self.la_code,
            "as_of": self.window.as_of.isoformat(),
            "window_start": self.window.start.isoformat(),
            "window_end": self.window.end.isoformat(),
            "numerator": count,
            "denominator": population,
            "value": value,
        }


def _int(value: object) -> int | None:
    return None if value is None else int(str(value))


def _aggregates(ind: Indicator) -> str:
    """SQL for (numerator, denominator) over `base`."""
    if ind.unit == "count":
        num = "count(DISTINCT k)" if ind.distinct else "count(*)"
        return f"{num}, NULL"
    if ind.unit == "mean_days":
        return "coalesce(sum(days), 0), count(days)"
    if ind.distinct:
        return "count(DISTINCT k) FILTER (WHERE hit), count(DISTINCT k)"
    return "count(*) FILTER (WHERE hit), count(*)"


def _value(ind: Indicator, num: int | None, den: int | None) -> int | float | None:
    if num is None:
        return None
    if ind.unit == "count":
        return num
    if not den:
        return None
    if ind.unit == "percent":
        return round_half_away(Fraction(100 * num, den))
    return round_half_away(Fraction(num, den))


def compute_indicators(
    snapshot: Path,
    *,
    as_of: date,
    la_code: str,
    population: int | None = None,
    team_units: Mapping[str, Mapping[str, str]] | None = None,
    indicators: Sequence[Indicator] | None = None,
) -> list[IndicatorRow]:
    """Every (or the given) Part A indicator for a snapshot directory, at every level.

    `team_units` maps a team name to its higher units, e.g.
    `{"Team A": {"district": "North", "area": "East", "service": "CIN"}}`;
    each key becomes a level summed over its teams.
    """
    with Engine(
        snapshot, as_of=as_of, la_code=la_code, population=population, team_units=team_units
    ) as engine:
        return engine.compute(indicators)


def _csv_cell(value: object) -> str:
    return "" if value is None else str(value)


def write_csv(rows: Iterable[IndicatorRow], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_csv_cell(row[c]) for c in COLUMNS])  # type: ignore[literal-required]


def write_json(rows: Iterable[IndicatorRow], path: Path) -> None:
    path.write_text(json.dumps(list(rows), indent=1) + "\n", encoding="utf-8")
