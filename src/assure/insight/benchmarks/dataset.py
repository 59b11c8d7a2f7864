"""The DfE files loaded into DuckDB as one long table of observations.

Every file is read with all columns as text, because the suppression codes
(c, x, z, u, k, low) sit in the numeric columns; a value counts only when it
casts to a number, so a suppressed or blank cell is simply absent from the
authority's value and from every comparator.

Table `obs` holds one row per indicator, year and area (England, a region or
a local authority) with the exact numerator (`num`), the 0-17 population
where the indicator is a rate (`den`) and `value` as a double. The doubles
serve ordering only: a rate is `num x 10,000 / den` in one correctly rounded
division, so two equal fractions give equal doubles and ties are exact. The
published figures themselves are returned as decimals for exact rounding.
"""

# The SQL below is assembled from the registry's own constants (table keys,
# column names, row filters); everything a caller supplies (file paths, codes,
# years) is a bound parameter, so the string-built-SQL warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from .errors import SourceFormatError, UnknownAuthorityError, UnknownYearError
from .registry import BENCHMARK_INDICATORS, CLA_AT_31_MARCH, BenchmarkIndicator
from .sources import AREA_COLUMNS, find_sources

NEIGHBOUR_COUNT = 10
NATIONAL = "national"
REGIONAL = "regional"
LA = "la"


@dataclass(frozen=True, slots=True)
class Authority:
    """A local authority as the DfE files name it (latest row wins)."""

    code: str
    name: str | None
    new_code: str | None
    region_code: str | None
    region_name: str | None


@dataclass(frozen=True, slots=True)
class Observation:
    """One area's published figures for an indicator and year (no value when num is None)."""

    indicator: str
    year: int
    code: str
    num: Decimal | None
    den: Decimal | None
    region_code: str | None = None
    rank: int | None = None
    p: int | None = None


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _number(column: str) -> str:
    """SQL turning a text cell into a decimal, or NULL for a suppression code or blank."""
    return f"TRY_CAST(replace(trim({_quote(column)}), ',', '') AS DECIMAL(38, 10))"


_LEVEL = (
    "CASE lower(trim(geographic_level))"
    f" WHEN 'national' THEN '{NATIONAL}'"
    f" WHEN 'regional' THEN '{REGIONAL}'"
    f" WHEN 'local authority' THEN '{LA}' END"
)
_CODE = (
    "CASE lower(trim(geographic_level))"
    " WHEN 'national' THEN 'england'"
    " WHEN 'regional' THEN nullif(trim(region_code), '')"
    " WHEN 'local authority' THEN nullif(trim(old_la_code), '') END"
)


def _table(key: str) -> str:
    return f"raw_{key}"


class BenchmarkData:
    """The source files of one data folder, loaded once and queried per request.

    Queries run on their own cursor, so one instance may serve several threads.
    """

    def __init__(self, files: Mapping[str, Path]) -> None:
        self.files: dict[str, Path] = dict(files)
        # benchmark()'s answers for these files, by (authority code, year).
        self.results: dict[tuple[str, int], Any] = {}
        self._con = duckdb.connect(":memory:")
        for key, path in self.files.items():
            try:
                self._con.execute(
                    f"CREATE TABLE {_table(key)} AS SELECT * FROM read_csv($path,"
                    " all_varchar = true, header = true, delim = ',', quote = '\"')",
                    {"path": str(path)},
                )
            except duckdb.Error as error:
                raise SourceFormatError(
                    f"{path.name} could not be read as a comma-separated file ({error}): "
                    "replace it with the DfE file as published."
                ) from error
        self._check_columns()
        self._build()
        self.years: tuple[int, ...] = tuple(
            row[0]
            for row in self._con.execute(
                "SELECT DISTINCT year FROM obs WHERE year IS NOT NULL ORDER BY year"
            ).fetchall()
        )
        self._authorities: dict[str, Authority] = {
            row[0]: Authority(*row)
            for row in self._con.execute(
                "SELECT code, name, new_code, region_code, region_name FROM la_dim"
            ).fetchall()
        }

    # -- loading -----------------------------------------------------------

    def _columns(self, key: str) -> set[str]:
        rows = self._con.execute(f"DESCRIBE {_table(key)}").fetchall()
        return {str(r[0]) for r in rows}

    def _check_columns(self) -> None:
        needed: dict[str, set[str]] = {
            "cla": {"population_type", "population_estimate"},
            "sn_model": {"old_la_code", *(f"SN_{i}" for i in range(1, NEIGHBOUR_COUNT + 1))},
        }
        for indicator in BENCHMARK_INDICATORS:
            needed.setdefault(indicator.source, set()).update(
                {indicator.column, *AREA_COLUMNS, *(c for c, _ in indicator.row_filter)}
            )
        needed["cla"].update(AREA_COLUMNS)
        for key, columns in needed.items():
            missing = sorted(columns - self._columns(key))
            if missing:
                raise SourceFormatError(
                    f"{self.files[key].name} lacks column(s) {', '.join(missing)}: "
                    "replace it with the DfE file as published."
                )

    def _indicator_select(self, indicator: BenchmarkIndicator) -> str:
        where = " AND ".join(
            f"trim({_quote(column)}) = '{value.replace(chr(39), chr(39) * 2)}'"
            for column, value in indicator.row_filter
        )
        if indicator.method == "per_10k":
            den = "p.population"
            value = "CAST(r.num AS DOUBLE) * 10000 / CAST(p.population AS DOUBLE)"
            has_value = "r.num IS NOT NULL AND p.population > 0"
            join = "LEFT JOIN pop p ON p.year = r.year AND p.level = r.level AND p.code = r.code"
        else:
            den = "CAST(NULL AS DECIMAL(38, 10))"
            value = "CAST(r.num AS DOUBLE)"
            has_value = "r.num IS NOT NULL"
            join = ""
        return f"""
            SELECT '{indicator.id}' AS indicator, r.year, r.level, r.code, r.region_code,
                   CASE WHEN {has_value} THEN r.num END AS num,
                   CASE WHEN {has_value} THEN {den} END AS den,
                   CASE WHEN {has_value} THEN {value} END AS value
            FROM (
                SELECT TRY_CAST(trim(time_period) AS INTEGER) AS year,
                       {_LEVEL} AS level, {_CODE} AS code,
                       nullif(trim(region_code), '') AS region_code,
                       {_number(indicator.column)} AS num
                FROM {_table(indicator.source)}
                {"WHERE " + where if where else ""}
            ) r {join}
            WHERE r.level IS NOT NULL AND r.code IS NOT NULL AND r.year IS NOT NULL
        """

    def _build(self) -> None:
        con = self._con
        con.execute(f"""
            CREATE TABLE pop AS
            SELECT TRY_CAST(trim(time_period) AS INTEGER) AS year, {_LEVEL} AS level,
                   {_CODE} AS code, {_number("population_estimate")} AS population
            FROM {_table("cla")}
            WHERE trim(population_type) = '{CLA_AT_31_MARCH}'
        """)
        union = " UNION ALL ".join(self._indicator_select(i) for i in BENCHMARK_INDICATORS)
        # rank: 1 + authorities strictly higher; p: 1 + authorities strictly lower.
        # SQL's rank() is exactly that, and ties share the smaller number.
        con.execute(f"""
            CREATE TABLE obs AS
            WITH o AS ({union})
            SELECT o.*,
                   CASE WHEN level = '{LA}' AND value IS NOT NULL THEN rank() OVER (
                       PARTITION BY indicator, year, level, value IS NULL ORDER BY value DESC)
                   END AS rank,
                   CASE WHEN level = '{LA}' AND value IS NOT NULL THEN rank() OVER (
                       PARTITION BY indicator, year, level, value IS NULL ORDER BY value ASC)
                   END AS p
            FROM o
        """)
        sn_union = " UNION ALL ".join(
            f"SELECT trim(old_la_code) AS la, {i} AS position, trim(SN_{i}) AS neighbour"
            f" FROM {_table('sn_model')}"
            for i in range(1, NEIGHBOUR_COUNT + 1)
        )
        con.execute(f"""
            CREATE TABLE neighbours AS
            SELECT * FROM ({sn_union}) WHERE nullif(la, '') IS NOT NULL
                AND nullif(neighbour, '') IS NOT NULL
        """)
        la_union = " UNION ALL ".join(
            f"""SELECT nullif(trim(old_la_code), '') AS code,
                       TRY_CAST(trim(time_period) AS INTEGER) AS year,
                       nullif(trim(la_name), '') AS name,
                       nullif(trim(new_la_code), '') AS new_code,
                       nullif(trim(region_code), '') AS region_code,
                       nullif(trim(region_name), '') AS region_name
                FROM {_table(key)} WHERE lower(trim(geographic_level)) = 'local authority'"""
            for key in sorted({i.source for i in BENCHMARK_INDICATORS})
        )
        con.execute(f"CREATE TABLE la_rows AS {la_union}")
        # Authorities only the neighbour model knows (none today) still resolve, with no data.
        con.execute(f"""
            CREATE TABLE la_dim AS
            SELECT code, arg_max(name, year) AS name, arg_max(new_code, year) AS new_code,
                   arg_max(region_code, year) AS region_code,
                   arg_max(region_name, year) AS region_name
            FROM la_rows WHERE code IS NOT NULL GROUP BY code
            UNION ALL
            SELECT trim(old_la_code), any_value(trim(la_name)), NULL, NULL, NULL
            FROM {_table("sn_model")}
            WHERE nullif(trim(old_la_code), '') IS NOT NULL
              AND trim(old_la_code) NOT IN (SELECT code FROM la_rows WHERE code IS NOT NULL)
            GROUP BY trim(old_la_code)
        """)

    # -- lookups -----------------------------------------------------------

    def authorities(self) -> list[Authority]:
        """Every local authority in the files, by code."""
        return sorted(self._authorities.values(), key=lambda a: a.code)

    def authority(self, code: str) -> Authority:
        """The authority with this old LA code (or its E-code); UnknownAuthorityError if none."""
        wanted = code.strip()
        found = self._authorities.get(wanted)
        if found is None:
            found = next(
                (
                    a
                    for a in self._authorities.values()
                    if a.new_code and a.new_code.lower() == wanted.lower()
                ),
                None,
            )
        if found is None:
            raise UnknownAuthorityError(
                f"Unknown local authority code {code!r}: use the DfE three-digit old_la_code "
                "(e.g. 886 for Kent); see the old_la_code column of the DfE files."
            )
        return found

    def check_year(self, year: int) -> None:
        if year not in self.years:
            span = f"{self.years[0]}-{self.years[-1]}" if self.years else "no years"
            raise UnknownYearError(
                f"Year {year} is not in the benchmark data (it covers {span}): choose a year "
                "in that range, or add the newer DfE files to the data folder."
            )

    # -- queries -----------------------------------------------------------

    def _fetch(self, sql: str, params: Mapping[str, object]) -> list[tuple[object, ...]]:
        cursor = self._con.cursor()
        try:
            return cursor.execute(sql, dict(params)).fetchall()
        finally:
            cursor.close()

    def la_rows(self, code: str, year: int | None) -> list[Observation]:
        """The authority's own rows (with rank and p where it has a value)."""
        rows = self._fetch(
            "SELECT indicator, year, code, num, den, region_code, rank, p FROM obs"
            " WHERE level = 'la' AND code = $code AND ($year IS NULL OR year = $year)",
            {"code": code, "year": year},
        )
        return [Observation(*r) for r in rows]  # type: ignore[arg-type]

    def area_rows(self, level: str, codes: list[str], year: int | None) -> list[Observation]:
        """England's or regions' rows: level 'national' (code 'england') or 'regional'."""
        if not codes:
            return []
        rows = self._fetch(
            "SELECT indicator, year, code, num, den FROM obs"
            " WHERE level = $level AND list_contains($codes, code)"
            " AND ($year IS NULL OR year = $year)",
            {"level": level, "codes": codes, "year": year},
        )
        return [Observation(*r) for r in rows]  # type: ignore[arg-type]

    def neighbours(self, code: str) -> list[str]:
        """The authority's statistical neighbours, nearest first (empty if not in the model)."""
        rows = self._fetch(
            "SELECT neighbour FROM neighbours WHERE la = $code ORDER BY position",
            {"code": code},
        )
        return [str(r[0]) for r in rows]

    def neighbour_rows(self, code: str, year: int | None) -> list[Observation]:
        """The rows with a value of the authority's neighbours."""
        rows = self._fetch(
            "SELECT o.indicator, o.year, o.code, o.num, o.den FROM obs o"
            " JOIN neighbours n ON n.neighbour = o.code AND n.la = $code"
            " WHERE o.level = 'la' AND o.num IS NOT NULL"
            " AND ($year IS NULL OR o.year = $year)",
            {"code": code, "year": year},
        )
        return [Observation(*r) for r in rows]  # type: ignore[arg-type]

    def counts(self, year: int | None) -> dict[tuple[str, int], int]:
        """n: the number of authorities with a value, per indicator and year."""
        rows = self._fetch(
            "SELECT indicator, year, count(*) FROM obs WHERE level = 'la'"
            " AND num IS NOT NULL AND ($year IS NULL OR year = $year) GROUP BY ALL",
            {"year": year},
        )
        return {(str(r[0]), int(r[1])): int(r[2]) for r in rows}  # type: ignore[call-overload]

    def indicator_years(self) -> dict[str, list[int]]:
        """The years each indicator's source file has rows for."""
        rows = self._fetch(
            "SELECT indicator, list(DISTINCT year ORDER BY year) FROM obs GROUP BY indicator", {}
        )
        return {str(r[0]): [int(y) for y in r[1]] for r in rows}  # type: ignore[attr-defined]


_CACHE: dict[tuple[tuple[str, int, int], ...], BenchmarkData] = {}
_CACHE_LOCK = threading.Lock()


def load_data(data_dir: Path | None = None) -> BenchmarkData:
    """The loaded files of `data_dir` (default: those shipped), reused while they are unchanged."""
    files = find_sources(data_dir)
    key = tuple(
        sorted(
            (f"{k}={p.resolve()}", p.stat().st_mtime_ns, p.stat().st_size) for k, p in files.items()
        )
    )
    with _CACHE_LOCK:
        data = _CACHE.get(key)
        if data is None:
            data = BenchmarkData(files)
            # A few folders at most; the cap stops a long-lived process collecting stale copies.
            if len(_CACHE) >= 8:
                _CACHE.clear()
            _CACHE[key] = data
        return data


def clear_cache() -> None:
    """Forget every loaded folder (tests, or after replacing files in place)."""
    with _CACHE_LOCK:
        _CACHE.clear()
