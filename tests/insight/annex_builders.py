"""Small hand-made Annex A files for tests: a CSV folder or an xlsx workbook."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

from assure.insight.annex_a import LISTS_BY_NUMBER

Row = Mapping[str, object]


def headers_for(number: int, rows: Sequence[Row], *, all_columns: bool = False) -> list[str]:
    """Required template headers first, then any others the rows use, in first-seen order."""
    spec = LISTS_BY_NUMBER[number]
    heads = [c.header for c in spec.columns if c.required or all_columns]
    for row in rows:
        for key in row:
            if key not in heads:
                heads.append(key)
    return heads


def write_csv_folder(
    folder: Path, lists: Mapping[int, Sequence[Row]], *, all_columns: bool = False
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, rows in lists.items():
        heads = headers_for(number, rows, all_columns=all_columns)
        with (folder / f"List {number}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(heads)
            for row in rows:
                writer.writerow(["" if row.get(h) is None else row.get(h) for h in heads])
    return folder


def write_xlsx(path: Path, lists: Mapping[int, Sequence[Row]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for number, rows in lists.items():
        sheet = book.create_sheet(f"List {number}")
        heads = headers_for(number, rows)
        sheet.append(heads)
        for row in rows:
            sheet.append([row.get(h) for h in heads])
    book.save(path)
    return path
