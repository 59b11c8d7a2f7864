"""Reading the two shapes an Annex A arrives in: an xlsx workbook or a folder of CSVs.

Both produce `RawSheet`s: the header texts and, on demand, an Arrow table of
the chosen columns as text plus `_row`, the spreadsheet's own row number.
Cleaning (dates, numbers, error values) happens once, in SQL, for both.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import pyarrow as pa
import pyarrow.csv as pacsv
from python_calamine import CalamineWorkbook

from .problems import AnnexARejected, Problem, problem
from .schema import list_number

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# A county's Annex A is a few tens of MB unpacked; anything far larger is refused unread.
MAX_XLSX_UNZIPPED_BYTES = 200 * 1024**2


@dataclass
class RawSheet:
    list_number: int
    name: str
    headers: list[str]
    # key -> header position; returns `_row` plus one text column per key.
    load: Callable[[dict[str, int]], pa.Table]
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------- xlsx


def _cell_text(value: object) -> str | None:
    """A calamine value as the text the SQL cleaning reads (dates as ISO)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)


_REF = re.compile(r"([A-Z]+)(\d+)")


def _ref_to_index(ref: str) -> tuple[int, int] | None:
    match = _REF.fullmatch(ref)
    if match is None:
        return None
    col = 0
    for ch in match.group(1):
        col = col * 26 + (ord(ch) - 64)
    return int(match.group(2)) - 1, col - 1


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part inside the workbook."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    targets = {
        rel.get("Id", ""): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL_NS}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id", ""), "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name", "")] = path
    return parts


def _special_cells(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str]:
    """Cells calamine shows as blank but that are not: error values and unsaved formulas.

    An error cell (`#N/A`) becomes its error text; a formula with no saved
    value becomes `=` and its formula. The SQL cleaning reports both.
    """
    found: dict[tuple[int, int], str] = {}
    try:
        handle = archive.open(part)
    except KeyError:
        return found
    with handle:
        for _event, elem in ET.iterparse(handle, events=("end",)):  # noqa: S314
            if elem.tag != f"{_MAIN_NS}c":
                if elem.tag == f"{_MAIN_NS}row":
                    elem.clear()
                continue
            kind = elem.get("t")
            formula = elem.find(f"{_MAIN_NS}f")
            value = elem.find(f"{_MAIN_NS}v")
            text: str | None = None
            if kind == "e":
                text = (value.text if value is not None else None) or "#N/A"
            elif formula is not None and kind != "str" and (value is None or not value.text):
                text = "=" + (formula.text or "(shared formula)")
            if text is not None:
                index = _ref_to_index(elem.get("r", ""))
                if index is not None:
                    found[index] = text
    return found


def check_inflated_size(path: Path, limit: int = MAX_XLSX_UNZIPPED_BYTES) -> None:
    """Refuse a workbook whose parts add up to more than `limit` once unpacked.

    An xlsx is a zip: a few kilobytes can inflate to gigabytes and exhaust
    the server's memory while the reader unpacks it (a "zip bomb"). The zip's
    own directory says how large each part is, so this costs no unpacking.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the workbook reader says so, in its own words
    if total > limit:
        raise AnnexARejected(
            f"{path.name} unpacks to {total / 1024**2:,.0f} MB, more than the "
            f"{limit / 1024**2:,.0f} MB limit for an Annex A workbook, so it was not read. "
            "Save it again from Excel (removing pictures and unused sheets), or export each "
            "list as 'List N.csv' in a zip."
        )


def read_xlsx(path: Path) -> list[RawSheet]:
    check_inflated_size(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        archive = zipfile.ZipFile(path)
    except Exception as exc:
        raise AnnexARejected(
            f"{path.name} could not be opened as an Excel workbook ({exc}). "
            "Save it from Excel as .xlsx (Excel Workbook) and import it again."
        ) from exc
    with archive:
        try:
            parts = _sheet_parts(archive)
        except (KeyError, ET.ParseError):
            parts = {}
        sheets: list[RawSheet] = []
        seen: set[int] = set()
        for name in workbook.sheet_names:
            number = list_number(name)
            if number is None:
                continue
            if number in seen:
                sheets.append(_ignored_duplicate(number, name))
                continue
            seen.add(number)
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            specials = _special_cells(archive, parts[name]) if name in parts else {}
            sheets.append(_xlsx_sheet(number, name, rows, specials))
    return sheets


def _ignored_duplicate(number: int, name: str) -> RawSheet:
    note = problem(
        name,
        None,
        None,
        None,
        f"a second sheet for List {number}",
        "ignored; the first one was imported",
    )
    return RawSheet(number, name, [], lambda _keys: pa.table({}), [note])


def _xlsx_sheet(
    number: int, name: str, rows: Sequence[Sequence[object]], specials: dict[tuple[int, int], str]
) -> RawSheet:
    # Row 1 holds the headers; tolerate blank rows above them.
    header_at = next((i for i, row in enumerate(rows) if any(_cell_text(v) for v in row)), 0)
    header_row = rows[header_at] if rows else []
    headers = [(_cell_text(v) or "") for v in header_row]

    def load(keys: dict[str, int]) -> pa.Table:
        body = range(header_at + 1, len(rows))
        columns: dict[str, pa.Array] = {"_row": pa.array([i + 1 for i in body], pa.int64())}
        for key, col in keys.items():
            values: list[str | None] = []
            for i in body:
                row = rows[i]
                special = specials.get((i, col))
                if special is not None:
                    values.append(special)
                else:
                    values.append(_cell_text(row[col]) if col < len(row) else None)
            columns[key] = pa.array(values, pa.string())
        return pa.table(columns)

    return RawSheet(number, name, headers, load)


# ---------------------------------------------------------------- CSV folder


def _encoding_of(path: Path) -> str:
    """UTF-8 (with or without a byte order mark) unless the bytes say Windows-1252."""
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(0)
        if head.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 22):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _load_csv_fast(path: Path, encoding: str, width: int, keys: dict[str, int]) -> pa.Table:
    """Arrow's multithreaded reader, for the usual well-formed file."""
    names = [f"c{i}" for i in range(width)]

    # Blank lines are kept (and make the file "ragged") so that row numbers stay
    # the ones a spreadsheet shows; the slower reader then handles them.
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(
            column_names=names,
            skip_rows=1,
            encoding="utf8" if encoding.startswith("utf-8") else encoding,
            block_size=1 << 24,
        ),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            include_columns=[names[i] for i in keys.values()],
        ),
    )
    # Rows are numbered as a spreadsheet shows them: header is 1, first record 2.
    columns: dict[str, pa.Array | pa.ChunkedArray] = {
        "_row": pa.array(range(2, table.num_rows + 2), pa.int64())
    }
    for key, index in keys.items():
        columns[key] = table.column(names[index])
    return pa.table(columns)


def _load_csv_python(path: Path, encoding: str, keys: dict[str, int]) -> pa.Table:
    """Row by row, reading short rows as if padded with blanks, as Excel shows them."""
    values: dict[str, list[str | None]] = {key: [] for key in keys}
    numbers: list[int] = []
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for record_index, record in enumerate(reader):
            numbers.append(record_index + 2)
            for key, index in keys.items():
                values[key].append(record[index] if index < len(record) else None)
    columns: dict[str, pa.Array] = {"_row": pa.array(numbers, pa.int64())}
    for key, column in values.items():
        columns[key] = pa.array(column, pa.string())
    return pa.table(columns)


def _csv_sheet(number: int, path: Path) -> RawSheet:
    encoding = _encoding_of(path)
    with path.open(encoding=encoding, newline="") as handle:
        headers = next(csv.reader(handle), [])
    notes: list[Problem] = []
    if encoding == "cp1252":
        notes.append(
            problem(
                path.name,
                None,
                None,
                None,
                "file is not UTF-8",
                "read as Windows-1252 text; save as CSV UTF-8 to be sure of accents",
            )
        )

    def load(keys: dict[str, int]) -> pa.Table:
        try:
            return _load_csv_fast(path, encoding, len(headers), keys)
        except pa.ArrowInvalid:
            # A record with more or fewer fields than the header, or a blank line.
            return _load_csv_python(path, encoding, keys)

    return RawSheet(number, path.name, headers, load, notes)


def read_csv_folder(path: Path) -> list[RawSheet]:
    sheets: list[RawSheet] = []
    seen: set[int] = set()
    for file in sorted(path.iterdir(), key=lambda p: p.name.lower()):
        if not file.is_file() or file.suffix.lower() != ".csv":
            continue
        number = list_number(file.stem)
        if number is None:
            continue
        if number in seen:
            sheets.append(_ignored_duplicate(number, file.name))
            continue
        seen.add(number)
        sheets.append(_csv_sheet(number, file))
    return sheets


def read_source(path: Path) -> list[RawSheet]:
    """The lists found at `path`, or a rejection saying what to fix."""
    if path.is_dir():
        return read_csv_folder(path)
    if path.is_file() and path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx(path)
    if not path.exists():
        raise AnnexARejected(f"{path} does not exist.")
    raise AnnexARejected(
        f"{path.name} is neither an .xlsx workbook nor a folder of 'List N.csv' files. "
        "Export the Annex A from Excel as .xlsx, or save each list as 'List 1.csv', "
        "'List 2.csv', ... in one folder."
    )
