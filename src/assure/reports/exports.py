"""Tidy exports: CSV, Excel and Parquet, written one way for every app.

One row per record, one column per variable, so Power BI, R or pandas read
them without reshaping. An app says which columns (and, for Parquet, which
Arrow types) its export has; the writing is done here.

In CSV and Excel a text cell that begins with `=`, `+`, `-` or `@` gets a
leading single quote, so a spreadsheet shows it as text and never runs it
as a formula (a team name in an Annex A is written by whoever filled it
in). Numbers are never changed: -5 stays the number -5. Parquet keeps
typed columns, which no spreadsheet evaluates, so it stores text as given.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}

_FORMULA_STARTS = ("=", "+", "-", "@")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow(["" if row.get(c) is None else neutralise(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append([neutralise(c) for c in columns])
    for row in rows:
        sheet.append([neutralise(row.get(c)) for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """Several tables in one Excel workbook, a sheet each: (title, headers, rows).

    Titles are cut to Excel's 31 characters and kept distinct; every cell is
    neutralised as in `to_xlsx`, numbers left as numbers.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    for title, columns, rows in sheets:
        name = "".join(c if c.isalnum() or c in " -" else " " for c in title)[:31] or "table"
        while name in used:
            name = f"{name[:28]}-{len(used)}"
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append([neutralise(c) for c in columns])
        for row in rows:
            sheet.append([neutralise(cell) for cell in row])
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
            values = [date.fromisoformat(v) if isinstance(v, str) else v for v in values]
        arrays[column] = pa.array(values, type=types[column])
    buffer = io.BytesIO()
    pq.write_table(pa.table(arrays), buffer, compression="zstd")
    return buffer.getvalue()


def export(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str,
    *,
    title: str,
    types: Mapping[str, pa.DataType],
) -> bytes:
    """`rows` as one file in `fmt` (csv, xlsx or parquet)."""
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "xlsx":
        return to_xlsx(rows, columns, title)
    if fmt == "parquet":
        return to_parquet(rows, columns, types)
    raise ValueError(f"Unknown format {fmt!r}")
