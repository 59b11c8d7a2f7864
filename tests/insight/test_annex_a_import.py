"""The importer copes with every messy form annex-a.md lists, and says what it did."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assure.insight.annex_a import (
    LISTS,
    AnnexARejected,
    Problem,
    header_key,
    import_annex_a,
    list_number,
)
from tests.insight.annex_builders import write_csv_folder

AS_OF = date(2026, 9, 30)


def _table(snapshot: Path, number: int) -> list[dict[str, object]]:
    path = snapshot / f"list_{number}.parquet"
    rel = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")  # noqa: S608
    names = rel.columns
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def _cell_problems(problems: list[Problem]) -> list[tuple[int | None, str | None, str | None]]:
    return [(p["row"], p["column"], p["value"]) for p in problems if (p["row"] or 0) > 1]


def test_header_keys_are_unique_within_each_list() -> None:
    for spec in LISTS:
        keys = [header_key(t) for c in spec.columns for t in (c.header, *c.aliases)]
        assert len(keys) == len(set(keys)), spec.name


@pytest.mark.parametrize(
    ("name", "number"),
    [("List 1", 1), ("list 3 ", 3), ("LIST_10", 10), ("List 11 - Adopters", 11), ("List 12", None)],
)
def test_list_names(name: str, number: int | None) -> None:
    assert list_number(name) == number


def test_drifting_headers_are_matched_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    heads = [
        "child unique id",
        "Age",
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
        "Date Started to be Looked After ",
        "Date Ceased to be Looked After",
        "Date of Latest Statutory Review",
        "DATE OF LAST SOCIAL WORK VISIT",
        "Date\xa0of Last Health Assessment",
        "Number of Placements in the Last 12 months",
        "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the "
        "last 12 months",
        "Something else",
    ]
    row = ["C1", "12", "Y", "01/02/2026", "", "", "", "", " 2 ", "1", "x"]
    (folder / "List 8.csv").write_text(",".join(heads) + "\n" + ",".join(row) + "\n")
    outcome = import_annex_a(folder, tmp_path / "snap", as_of=AS_OF)
    [record] = _table(tmp_path / "snap", 8)
    assert record["child_id"] == "C1"
    assert record["age"] == 12
    assert record["uasc"] == "Y"
    assert record["cla_start"] == date(2026, 2, 1)
    assert record["placements_12m"] == 2
    assert record["missing_episodes_12m"] == 1
    header_notes = {p["column"]: p["problem"] for p in outcome.problems if p["row"] == 1}
    assert header_notes["Age"] == "header differs from the template 'Age of Child (Years)'"
    assert header_notes["Something else"] == "column not in Annex A"
    assert "Date Started to be Looked After " in header_notes
    assert outcome.rows == {"List 8": 1}


def _save_with_cached_formula(path: Path, cell: str, cached: str) -> None:
    """openpyxl cannot store a formula's saved value; write one into the sheet XML."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(
                    rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?',
                    rf"\1<f>\2</f><v>{cached}</v>",
                    text,
                )
                data = text.encode()
            dst.writestr(item, data)
    shutil.move(tmp, path)


def test_messy_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "list 3 "
    sheet.append(
        [
            "Child Unique ID",
            "Date of Referral",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            "Allocated Team",
            "Allocated Worker",
            "Notes",
        ]
    )
    sheet.append(["  R1 ", date(2026, 4, 1), "a) Yes", 1, "Team A", "Dustin\xa0Hazlett", "n"])
    sheet.append(["R2", datetime(2026, 4, 2, 13, 45), "No", "2", "Team A", None, None])
    sheet.append(["R3", 46143, "No", None, "Team B", None, None])  # serial number
    sheet.append(["R4", "03/04/2026", "No", "0", "Team B", None, None])
    sheet.append(["R5", "2026-04-04", "No", "0", "Team B", None, None])
    sheet.append(["R6", "#N/A", "No", "0", "#N/A", None, None])  # error values
    sheet.append(["R7", "=B2+5", "No", "0", "Team B", None, None])  # formula, no saved value
    sheet.append(["R8", "=B2+6", "No", "0", "Team B", None, None])  # formula, saved value
    sheet.append(["R9", "not a date", "No", "1.5", "Team B", None, None])
    sheet.append([None] * 7)
    sheet.append([None, "  ", None, None, None, None, None])  # trailing empty rows
    path = tmp_path / "annex.xlsx"
    book.save(path)
    _save_with_cached_formula(path, "B9", "46150")

    outcome = import_annex_a(path, tmp_path / "snap", as_of=AS_OF)
    rows = {r["child_id"]: r for r in _table(tmp_path / "snap", 3)}
    assert outcome.rows == {"List 3": 9}
    assert rows["R1"]["date_of_referral"] == date(2026, 4, 1)
    assert rows["R1"]["allocated_worker"] == "Dustin Hazlett"
    assert rows["R1"]["referrals_last_12m"] == 1
    assert rows["R2"]["date_of_referral"] == date(2026, 4, 2)
    assert rows["R2"]["referrals_last_12m"] == 2
    assert rows["R3"]["date_of_referral"] == date(2026, 5, 1)
    assert rows["R3"]["referrals_last_12m"] is None  # blank: 0 for the indicators
    assert rows["R4"]["date_of_referral"] == date(2026, 4, 3)
    assert rows["R5"]["date_of_referral"] == date(2026, 4, 4)
    assert rows["R6"]["date_of_referral"] is None
    assert rows["R6"]["unreadable"] == ["date_of_referral"]
    assert rows["R6"]["allocated_team"] is None
    assert rows["R7"]["unreadable"] == ["date_of_referral"]
    assert rows["R8"]["date_of_referral"] == date(2026, 5, 8)
    assert rows["R8"]["unreadable"] == []
    assert rows["R9"]["unreadable"] == ["date_of_referral", "referrals_last_12m"]
    assert _cell_problems(outcome.problems) == [
        (7, "Date of Referral", "#N/A"),
        (7, "Allocated Team", "#N/A"),
        (8, "Date of Referral", "=B2+5"),
        (10, "Date of Referral", "not a date"),
        (10, "Number of Referrals in Last 12 Months", "1.5"),
    ]
    by_row = {(p["row"], p["column"]): p for p in outcome.problems}
    assert by_row[(8, "Date of Referral")]["problem"] == "formula without a saved value"
    assert by_row[(7, "Allocated Team")]["action"] == "read as blank"
    assert {p["sheet"] for p in outcome.problems if p["problem"] == "list not found"} == {
        f"List {n}" for n in range(1, 12) if n != 3
    }


def test_csv_encodings_and_row_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (
        "Child Unique ID,Date of Contact\r\n"
        "C1,01/05/2026\r\n"
        "\r\n"  # a blank line still counts as a spreadsheet row
        "C2,31/04/2026\r\n"
        "C3\r\n"  # short row: read as blanks
    )
    (folder / "List 1.csv").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (folder / "List 9.csv").write_bytes(
        "Child Unique ID,LA in Touch,Suitability of Accommodation,Activity Status\n"
        "K\xe9,Yes,\x93Suitable\x94,F1\n".encode("latin-1")
    )
    outcome = import_annex_a(folder, tmp_path / "snap", as_of=AS_OF)
    assert outcome.rows == {"List 1": 3, "List 9": 1}
    assert _cell_problems(outcome.problems) == [(4, "Date of Contact", "31/04/2026")]
    [leaver] = _table(tmp_path / "snap", 9)
    assert leaver["child_id"] == "K\xe9"
    assert leaver["accommodation_suitable"] == "\u201cSuitable\u201d"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("text", "neither an .xlsx workbook nor a folder"),
        ("corrupt", "could not be opened as an Excel workbook"),
        ("empty_folder", "No Annex A list found"),
        ("no_lists_xlsx", "No Annex A list found"),
        ("missing_column", "'Number of Referrals in Last 12 Months' in List 3.csv"),
        ("missing", "does not exist"),
    ],
)
def test_structural_rejection_leaves_nothing(tmp_path: Path, setup: str, message: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    path: Path
    if setup == "text":
        path = src / "annex.txt"
        path.write_text("hello")
    elif setup == "corrupt":
        path = src / "annex.xlsx"
        path.write_bytes(b"PK\x03\x04 not really a zip")
    elif setup == "empty_folder":
        path = src
        (src / "readme.csv").write_text("a,b\n1,2\n")
    elif setup == "no_lists_xlsx":
        path = src / "annex.xlsx"
        openpyxl.Workbook().save(path)
    elif setup == "missing_column":
        path = src
        (src / "List 3.csv").write_text(
            "Child Unique ID,Date of referral,Referral NFA?\nC1,01/04/2026,No\n"
        )
    else:
        path = src / "nothing-here"
    out = tmp_path / "snapshots"
    out.mkdir()
    with pytest.raises(AnnexARejected) as caught:
        import_annex_a(path, out / "snap", as_of=AS_OF)
    assert message in caught.value.message
    assert list(out.iterdir()) == []


def test_destination_must_be_new(tmp_path: Path) -> None:
    write_csv_folder(tmp_path / "in", {1: [{"Child Unique ID": "C1"}]})
    (tmp_path / "snap").mkdir()
    with pytest.raises(FileExistsError):
        import_annex_a(tmp_path / "in", tmp_path / "snap", as_of=AS_OF)


# ------------------------------------------------------------------ fuzzing

_MESSY_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\xa0",
            "#N/A",
            "#VALUE!",
            "=A1+2",
            "01/04/2026",
            "2026-04-01",
            "31/02/2026",
            "46143",
            "-3",
            "1e308",
            "nan",
            "a) Yes",
            "Y",
            "b) No",
            '"',
            "'",
            ",",
            "\n",
            "Team\xa0\xa0A ",
        ]
    ),
    st.text(max_size=12),
)
_HEADERS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Child Unique ID",
                "Date of referral",
                "Referral NFA?",
                "Number of Referrals in Last 12 Months",
                "Allocated Team",
                "Age",
                "",
                "Date of referral",
            ]
        ),
        st.text(max_size=8),
    ),
    min_size=0,
    max_size=7,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(headers=_HEADERS, body=st.lists(st.lists(_MESSY_CELLS, max_size=8), max_size=6))
def test_no_csv_input_crashes(tmp_path: Path, headers: list[str], body: list[list[str]]) -> None:
    import csv

    base = tmp_path / f"case-{abs(hash((tuple(headers), str(body))))}"
    folder = base / "in"
    folder.mkdir(parents=True)
    with (folder / "List 3.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(body)
    out = base / "snapshots"
    try:
        outcome = import_annex_a(folder, out / "snap", as_of=AS_OF)
    except AnnexARejected:
        assert not out.exists() or list(out.iterdir()) == []
    else:
        assert sorted(p.name for p in out.iterdir()) == ["snap"]
        assert outcome.rows["List 3"] <= len(body)
    shutil.rmtree(base)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    headers=_HEADERS,
    body=st.lists(
        st.lists(
            st.one_of(
                _MESSY_CELLS.filter(lambda s: not s.startswith("=") and s.isprintable()),
                st.integers(min_value=-(10**6), max_value=10**7),
                st.floats(allow_nan=False, allow_infinity=False),
                st.dates(min_value=date(1800, 1, 1)),
                st.none(),
            ),
            max_size=7,
        ),
        max_size=5,
    ),
)
def test_no_workbook_crashes(tmp_path: Path, headers: list[str], body: list[list[object]]) -> None:
    base = tmp_path / f"case-{abs(hash((tuple(headers), str(body))))}"
    base.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "List 3"
    sheet.append([h for h in headers if h.isprintable()])
    for row in body:
        sheet.append(row)
    path = base / "annex.xlsx"
    try:
        book.save(path)
    except Exception:  # openpyxl refuses some characters; not the importer's concern
        shutil.rmtree(base)
        return
    out = base / "snapshots"
    try:
        import_annex_a(path, out / "snap", as_of=AS_OF)
    except AnnexARejected:
        assert not out.exists() or list(out.iterdir()) == []
    else:
        assert sorted(p.name for p in out.iterdir()) == ["snap"]
    shutil.rmtree(base)
