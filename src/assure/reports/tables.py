"""Tables for reports: headers, rows and the way a cell is written.

A chart carries its own table (`Chart.headers`, `Chart.rows`); a `Table` is
a table that stands alone (the figures beside the published ones, a list of
open alerts). Both are written cell by cell with `cell_text`, on pages, in
Word and in PDF, so a figure reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# One cell of a table or a chart's data: defined here, not with the charts, so that
# reading a table never loads the chart engine.
Cell = str | int | float | None

NO_VALUE = "\u2013"  # an en dash: no value


def cell_text(value: Cell) -> str:
    """A cell as text: thousands separated, one decimal place, an en dash for no value."""
    if value is None:
        return NO_VALUE
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def text_rows(rows: Sequence[Sequence[Cell]]) -> list[list[str]]:
    return [[cell_text(v) for v in row] for row in rows]


@dataclass(frozen=True)
class Table:
    """A titled table; `note` is said under it (a source, an attribution)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""

    @property
    def text_rows(self) -> list[list[str]]:
        return text_rows(self.rows)
