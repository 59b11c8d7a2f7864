"""Reading an uploaded CSV file safely: every problem names its row, nothing raises.

A file saved in the wrong encoding, or carrying a NUL byte (a spreadsheet
exported as UTF-16, a binary file renamed .csv), is answered with the row
where it goes wrong, never with a server error.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field

MAX_ROWS = 20_000
RESAVE = "In Excel, save it as 'CSV UTF-8' and upload it again."


@dataclass
class RowProblem:
    row: int  # the spreadsheet row: the header is row 1
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        shown = f" ({self.value!r})" if self.value else ""
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}{shown}: {self.problem}"


@dataclass
class ImportOutcome:
    kind: str
    created: dict[str, int] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _row_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def decode(data: str | bytes) -> tuple[str, list[RowProblem]]:
    """The file as text, or the row where its bytes are not UTF-8 text or hold a NUL."""
    if isinstance(data, bytes):
        raw = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            row = raw.count(b"\n", 0, bad.start) + 1
            return "", [RowProblem(row, "", "", f"This row is not UTF-8 text. {RESAVE}")]
    else:
        text = data
    text = text.lstrip("\ufeff")  # Excel's "CSV UTF-8" starts with a byte-order mark
    nul = text.find("\x00")
    if nul >= 0:
        return "", [
            RowProblem(
                _row_of(text, nul),
                "",
                "",
                f"This row holds a NUL character, so the file is not plain text. {RESAVE}",
            )
        ]
    return text, []


def read(
    data: str | bytes, expected: tuple[str, ...]
) -> tuple[list[dict[str, str]], list[RowProblem]]:
    """The rows as dicts of stripped strings keyed by lower-case header, or the problems."""
    text, problems = decode(data)
    if problems:
        return [], problems
    reader = csv.DictReader(io.StringIO(text))
    try:
        headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        return [], [RowProblem(1, "", "", f"The header row cannot be read ({error}).")]
    missing = [c for c in expected if c not in headers]
    if missing:
        return [], [
            RowProblem(1, c, "", "This column is missing from the header row.") for c in missing
        ]
    reader.fieldnames = headers
    rows = []
    try:
        for row in reader:
            cells = {k: (v or "").replace("\xa0", " ").strip() for k, v in row.items() if k}
            if cells.get(expected[0], "").startswith("#") if expected else False:
                continue  # a template's note on allowed values (authority/csv_templates.py)
            rows.append(cells)
            if len(rows) > MAX_ROWS:
                return [], [RowProblem(1, "", "", f"The file has more than {MAX_ROWS} rows.")]
    except csv.Error as error:
        return [], [RowProblem(reader.line_num, "", "", f"This row cannot be read ({error}).")]
    return rows, []
