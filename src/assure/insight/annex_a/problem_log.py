"""Every problem of one import, kept in DuckDB rather than as Python objects.

A real extract can have a doubtful cell in most rows (1.2 million problems in one
county's file). Building a Python dict for each cost more than reading the whole
file, and a report of a million lines helps nobody find the 30,000 dates that
matter. So, as contract 1.1 says: the cells' problems stay in a DuckDB table;
Python sees the first `PROBLEMS_SHOWN`, the total and the summary by sheet,
column and problem (largest first, with a few examples each); the whole list is
written as Parquet beside the snapshot, from which the CSV of all of them is made.

Problems keep the order in which they arose: each `add` or cell batch takes the
next batch number, and within a batch the order is the problem's own position
(its index for a list, its spreadsheet row and column for cells).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypedDict

import duckdb
import pyarrow as pa

from .problems import Problem

PROBLEMS_SHOWN = 1000
EXAMPLES_PER_KIND = 3
TABLE = "problem_log"
FIELDS = ("sheet", "row", "column", "value", "problem", "action")

_COLUMNS = (
    'batch INTEGER, ord BIGINT, pos INTEGER, sheet VARCHAR, "row" BIGINT, '
    '"column" VARCHAR, value VARCHAR, problem VARCHAR, action VARCHAR'
)
_ORDER = "batch, ord, pos"
_FIELD_SQL = ", ".join(f'"{name}"' for name in FIELDS)


class Example(TypedDict):
    row: int | None
    value: str | None


class SummaryRow(TypedDict):
    sheet: str
    column: str | None
    problem: str
    count: int
    examples: list[Example]


class ProblemLog:
    """The problems of one import, in a table of the import's own DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._batches = 0
        con.execute(f"CREATE OR REPLACE TEMP TABLE {TABLE} ({_COLUMNS})")

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> ProblemLog:
        """A log of problems already held in Python (a rejected file's few)."""
        log = cls(duckdb.connect())
        log.add(problems)
        return log

    def next_batch(self) -> int:
        self._batches += 1
        return self._batches

    def add(self, problems: Iterable[Problem]) -> None:
        listed = list(problems)
        if not listed:
            return
        batch = self.next_batch()
        rows = [{"batch": batch, "ord": index, "pos": 0, **p} for index, p in enumerate(listed)]
        incoming = pa.Table.from_pylist(
            rows,
            schema=pa.schema(
                [
                    ("batch", pa.int32()),
                    ("ord", pa.int64()),
                    ("pos", pa.int32()),
                    ("sheet", pa.string()),
                    ("row", pa.int64()),
                    ("column", pa.string()),
                    ("value", pa.string()),
                    ("problem", pa.string()),
                    ("action", pa.string()),
                ]
            ),
        )
        self.con.register("problems_in", incoming)
        self.con.execute(f"INSERT INTO {TABLE} SELECT * FROM problems_in")  # noqa: S608
        self.con.unregister("problems_in")

    def total(self) -> int:
        found = self.con.execute(f"SELECT count(*) FROM {TABLE}").fetchone()  # noqa: S608
        return int(found[0]) if found else 0

    def first(self, limit: int = PROBLEMS_SHOWN) -> list[Problem]:
        rows = self.con.execute(
            f"SELECT {_FIELD_SQL} FROM {TABLE} ORDER BY {_ORDER} LIMIT ?",  # noqa: S608
            [limit],
        ).fetchall()
        return [_problem(row) for row in rows]

    def summary(self) -> list[SummaryRow]:
        """Counts by sheet, column and problem, largest first, each with its first examples."""
        groups = self.con.execute(
            f'SELECT sheet, "column", problem, count(*) AS n FROM {TABLE} '  # noqa: S608
            'GROUP BY sheet, "column", problem '
            'ORDER BY n DESC, sheet, "column" NULLS FIRST, problem'
        ).fetchall()
        examples = self.con.execute(
            f'SELECT sheet, "column", problem, "row", value FROM ('  # noqa: S608
            f'SELECT *, row_number() OVER (PARTITION BY sheet, "column", problem '
            f"ORDER BY {_ORDER}) AS n FROM {TABLE}) WHERE n <= ? ORDER BY {_ORDER}",
            [EXAMPLES_PER_KIND],
        ).fetchall()
        by_group: dict[tuple[Any, Any, Any], list[Example]] = {}
        for sheet, column, what, row, value in examples:
            by_group.setdefault((sheet, column, what), []).append({"row": row, "value": value})
        return [
            {
                "sheet": sheet,
                "column": column,
                "problem": what,
                "count": int(count),
                "examples": by_group.get((sheet, column, what), []),
            }
            for sheet, column, what, count in groups
        ]

    def write_parquet(self, path: Path) -> None:
        self.con.execute(
            f"COPY (SELECT {_FIELD_SQL} FROM {TABLE} ORDER BY {_ORDER}) "  # noqa: S608
            f"TO '{_path_literal(path)}' (FORMAT parquet, COMPRESSION zstd)"
        )

    def close(self) -> None:
        self.con.close()


def _problem(row: tuple[Any, ...]) -> Problem:
    sheet, line, column, value, what, action = row
    return {
        "sheet": sheet,
        "row": None if line is None else int(line),
        "column": column,
        "value": value,
        "problem": what,
        "action": action,
    }


def _path_literal(path: Path) -> str:
    return path.as_posix().replace("'", "''")


def write_problems_csv(source: Path | list[Problem], target: Path) -> int:
    """Every problem as CSV (the contract's fields), from a snapshot's Parquet or a list.

    A value that a spreadsheet would run as a formula (=, +, -, @: unsaved formulas are
    one of the problems reported) is written with a leading quote, as every export is.
    Returns how many were written.
    """
    con = duckdb.connect()
    try:
        if isinstance(source, Path):
            con.execute(
                f"CREATE TEMP TABLE all_problems AS SELECT * FROM "  # noqa: S608
                f"read_parquet('{_path_literal(source)}')"
            )
        else:
            log = ProblemLog(con)
            log.add(source)
            con.execute(
                f"CREATE TEMP TABLE all_problems AS SELECT {_FIELD_SQL} FROM {TABLE} "  # noqa: S608
                f"ORDER BY {_ORDER}"
            )
        safe = [
            f"CASE WHEN regexp_matches({name}, '^[=+\\-@]') THEN '''' || {name} "
            f"ELSE {name} END AS {name}"
            if name in ('"value"', '"column"', '"sheet"')
            else name
            for name in (f'"{field}"' for field in FIELDS)
        ]
        con.execute(
            f"COPY (SELECT {', '.join(safe)} FROM all_problems) "  # noqa: S608
            f"TO '{_path_literal(target)}' (FORMAT csv, HEADER)"
        )
        found = con.execute("SELECT count(*) FROM all_problems").fetchone()
        return int(found[0]) if found else 0
    finally:
        con.close()
