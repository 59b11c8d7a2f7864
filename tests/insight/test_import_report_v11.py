"""Contract 1.1's import report: a file with a problem in every row is normal.

`problems` holds the first 1,000, `problems_total` counts them all, `problem_summary`
groups them by sheet, column and problem (largest first), `--problems FILE.csv` has
every one, and tidied values (a decimal age) are not problems at all.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from assure.core.models import AuditEvent
from assure.insight.annex_a.problem_log import PROBLEMS_SHOWN
from assure.insight.models import AnnexAImportJob, AnnexASnapshot
from tests.insight.annex_builders import write_csv_folder

pytestmark = pytest.mark.django_db

ROWS = 1_500  # more rows with a bad date than the report may list


def _referrals() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for n in range(ROWS):
        rows.append(
            {
                "Child Unique ID": f"C{n}",
                # Every row's date is unreadable; every tenth an Excel error instead.
                "Date of referral": "#REF!" if n % 10 == 0 else f"31/02/20{n % 90:02d}",
                "Referral NFA?": "No",
                "Number of Referrals in Last 12 Months": "=A1+1" if n == 7 else "0",
                "Allocated Team": "Team A",
                "Age of Child (Years)": f"{n % 17}.{n % 997:03d}",  # a decimal age: tidied
            }
        )
    return rows


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path / "var"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_csv_folder(tmp_path / "in", {3: _referrals()})


def _import(source: Path, tmp_path: Path) -> tuple[dict[str, Any], list[dict[str, str]]]:
    report, problems = tmp_path / "report.json", tmp_path / "problems.csv"
    call_command(
        "import_annex_a",
        str(source),
        as_of="2026-09-30",
        report=str(report),
        problems=str(problems),
    )
    with problems.open(encoding="utf-8", newline="") as handle:
        return json.loads(report.read_text()), list(csv.DictReader(handle))


def test_the_report_caps_the_list_and_counts_and_summarises_all(
    var_dir: Path, source: Path, tmp_path: Path
) -> None:
    data, _rows = _import(source, tmp_path)
    # 1,500 dates + one unsaved formula + the 10 lists not in the folder.
    assert data["problems_total"] == ROWS + 1 + 10
    assert len(data["problems"]) == PROBLEMS_SHOWN
    summary = {(s["sheet"], s["column"], s["problem"]): s for s in data["problem_summary"]}
    unreadable = summary[
        (
            "List 3.csv",
            "Date of referral",
            "date could not be read (expected dd/mm/yyyy or an Excel date)",
        )
    ]
    errors = summary[("List 3.csv", "Date of referral", "Excel error value")]
    assert unreadable["count"] == 1_350 and errors["count"] == 150
    assert data["problem_summary"][0]["count"] == 1_350  # largest first
    assert [e["row"] for e in errors["examples"]] == [2, 12, 22]  # the first three, in order
    assert errors["examples"][0]["value"] == "#REF!"
    formula = summary[
        ("List 3.csv", "Number of Referrals in Last 12 Months", "formula without a saved value")
    ]
    assert formula["count"] == 1 and formula["examples"] == [{"row": 9, "value": "=A1+1"}]
    assert sum(s["count"] for s in data["problem_summary"]) == data["problems_total"]
    # A decimal age is read as whole years: no problem names the age column.
    assert not any(s["column"] == "Age of Child (Years)" for s in data["problem_summary"])


def test_the_csv_holds_every_problem_in_the_order_found(
    var_dir: Path, source: Path, tmp_path: Path
) -> None:
    data, rows = _import(source, tmp_path)
    assert len(rows) == data["problems_total"]
    assert list(rows[0]) == ["sheet", "row", "column", "value", "problem", "action"]
    # The first 1,000 of the CSV are the report's problems, in the same order.
    as_text = [{k: "" if v is None else str(v) for k, v in p.items()} for p in data["problems"]]
    assert [dict(r) for r in rows[: len(as_text)] if r["value"] != "'=A1+1"] == [
        p for p in as_text if p["value"] != "=A1+1"
    ]
    # A formula is written so that a spreadsheet shows it and never runs it.
    assert any(r["value"] == "'=A1+1" for r in rows)
    assert rows[-1]["row"] == str(ROWS + 1)


def test_the_snapshot_keeps_the_first_thousand_and_the_total(
    var_dir: Path, source: Path, tmp_path: Path
) -> None:
    data, _rows = _import(source, tmp_path)
    snapshot = AnnexASnapshot.objects.get()
    assert len(snapshot.problems) == PROBLEMS_SHOWN
    assert snapshot.problems_total == data["problems_total"]
    assert snapshot.problem_summary == data["problem_summary"]
    assert (snapshot.directory / "problems.parquet").is_file()


def test_a_rejected_file_reports_in_the_same_shape(var_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "List 3.csv").write_text("Child Unique ID,Date of referral\nC1,01/04/2026\n")
    report, problems = tmp_path / "report.json", tmp_path / "problems.csv"
    with pytest.raises(Exception, match="Referral NFA"):
        call_command("import_annex_a", str(folder), report=str(report), problems=str(problems))
    data = json.loads(report.read_text())
    assert data["status"] == "rejected"
    assert data["problems_total"] == len(data["problems"]) > 0
    assert any(s["problem"] == "required column missing" for s in data["problem_summary"])
    with problems.open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == data["problems_total"]


def test_the_page_shows_the_summary_and_offers_every_problem(
    world: Any,
    var_dir: Path,
    source: Path,
    tmp_path: Path,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    archive = tmp_path / "annex.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(source / "List 3.csv", "List 3.csv")
    client = client_for("qa_pdm")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("insight:upload"),
            {
                "file": SimpleUploadedFile("annex.zip", archive.read_bytes()),
                "as_of": "2026-09-30",
            },
        )
    job = AnnexAImportJob.objects.get()
    assert job.status == "imported"
    body = client.get(reverse("insight:import-job", args=[job.pk])).content.decode()
    assert f"{ROWS + 11} problems found" in body
    assert "Excel error value" in body and "row 2: &ldquo;#REF!&rdquo;" in body
    assert f"The first {PROBLEMS_SHOWN}, one by one" in body
    download = client.get(reverse("insight:import-problems", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "sheet,row,column,value,problem,action"
    assert len(lines) == 1 + ROWS + 11
    assert AuditEvent.objects.filter(action="export", object_type="annex_a_problems").exists()
    # Only those who import may take the file.
    assert client_for("elected_member").get(
        reverse("insight:import-problems", args=[job.pk])
    ).status_code in (403, 404)


def test_an_import_whose_worker_stopped_is_said_to_have_failed(var_dir: Path) -> None:
    from datetime import timedelta

    from assure.core import clock
    from assure.insight.jobs import IMPORT_STOPPED, stalled_imports_fail

    now = clock.now()
    job = AnnexAImportJob.objects.create(
        as_of="2026-09-30", source_filename="a.xlsx", status="running", updated_at=now
    )
    assert stalled_imports_fail(now + timedelta(minutes=5)) == 0
    assert stalled_imports_fail(now + timedelta(minutes=20)) == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.message == IMPORT_STOPPED and job.finished
    assert not AnnexASnapshot.objects.exists()  # nothing was loaded
