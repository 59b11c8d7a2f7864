"""The rows behind a figure: which children a team's indicator value counts.

Reads the snapshot's Parquet files with DuckDB, through the same registry
SQL and macros as the engine, so the list always agrees with the figure:
for a count, the rows counted; for a percentage, the rows of the
denominator, each marked whether it is in the numerator; for a mean of
days, the rows averaged with their days. Child references only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from .engine import Engine, _expand
from .registry import Indicator

MAX_ROWS = 5000


@dataclass(frozen=True)
class ChildRow:
    child_ref: str
    team: str
    worker: str
    hit: bool | None  # for a percentage: counted in the numerator
    days: int | None  # for a mean of days


def snapshot_team_names(directory: Path) -> list[str]:
    """Every distinct (normalised) Allocated Team in a snapshot, sorted."""
    selects: list[str] = []
    for path in sorted(directory.glob("list_*.parquet")):
        if "allocated_team" not in pq.read_schema(path).names:
            continue
        source = path.as_posix().replace("'", "''")
        query = (
            "SELECT nullif(trim(regexp_replace(replace(allocated_team, chr(160), ' '), "  # noqa: S608
            "'\\s+', ' ', 'g')), '') AS team FROM read_parquet('" + source + "')"
        )
        selects.append(query)
    if not selects:
        return []
    union = " UNION ALL ".join(selects)
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"SELECT DISTINCT team FROM ({union}) WHERE team IS NOT NULL"  # noqa: S608
        ).fetchall()
    finally:
        con.close()
    return sorted(str(r[0]) for r in rows)


def rows_behind(
    directory: Path,
    *,
    as_of: date,
    indicator: Indicator,
    children: Sequence[str],
    limit: int = MAX_ROWS,
) -> list[ChildRow]:
    """The rows behind `indicator` for the given child references.

    Who the children are is decided by the caller from Assure's own case
    records (see `insight.policy`), never from the file's team or worker
    names: those are shown, not trusted. Empty for an indicator without a
    team level, a list not imported, or no children.
    """
    if not indicator.has_teams or indicator.list is None or not children:
        return []
    with Engine(directory, as_of=as_of, la_code="la") as engine:
        if not set(indicator.requires) <= engine.lists:
            return []
        number = int(indicator.list)
        has_team = engine._has_column(number, "allocated_team")
        has_worker = engine._has_column(number, "allocated_worker")
        win = engine.window
        reads = "[" + ", ".join(f"'{r}'" for r in indicator.reads) + "]"
        hit = _expand(indicator.hit, win) if indicator.hit else "NULL"
        days = _expand(indicator.days, win) if indicator.days else "NULL"
        team_expr = "norm_team(allocated_team)" if has_team else "CAST(NULL AS VARCHAR)"
        worker_expr = "norm_team(allocated_worker)" if has_worker else "CAST(NULL AS VARCHAR)"
        conditions = [
            f"NOT list_has_any(unreadable, CAST({reads} AS VARCHAR[]))",
            f"({_expand(indicator.scope, win)})",
            "list_contains($children, CAST(child_id AS VARCHAR))",
        ]
        if indicator.unit == "mean_days":
            conditions.append(f"({days}) IS NOT NULL")
        sql = (
            f"SELECT coalesce(CAST(child_id AS VARCHAR), ''), coalesce({team_expr}, ''), "  # noqa: S608
            f"coalesce({worker_expr}, ''), coalesce(({hit}), FALSE), CAST(({days}) AS BIGINT) "
            f"FROM list_{number} WHERE {' AND '.join(conditions)} "
            f"ORDER BY 1, 2 LIMIT {int(limit)}"
        )
        fetched = engine.con.execute(sql, {"children": list(children)}).fetchall()
    is_percent = indicator.unit == "percent"
    return [
        ChildRow(
            child_ref=str(r[0]),
            team=str(r[1]),
            worker=str(r[2]),
            hit=bool(r[3]) if is_percent else None,
            days=int(r[4]) if r[4] is not None else None,
        )
        for r in fetched
    ]
