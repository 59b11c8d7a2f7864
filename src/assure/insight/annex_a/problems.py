"""What the importer tells the person who uploaded the file.

One problem per unreadable or doubtful cell or header, with the
spreadsheet's own row number (the header is row 1), so they can find it.
"""

from __future__ import annotations

from typing import TypedDict


class Problem(TypedDict):
    sheet: str
    row: int | None
    column: str | None
    value: str | None
    problem: str
    action: str


def problem(
    sheet: str,
    row: int | None,
    column: str | None,
    value: object,
    what: str,
    action: str,
) -> Problem:
    return {
        "sheet": sheet,
        "row": row,
        "column": column,
        "value": None if value is None else str(value),
        "problem": what,
        "action": action,
    }


class AnnexARejected(Exception):
    """The file as a whole cannot be imported; `message` says what to fix."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []
