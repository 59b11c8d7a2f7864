"""The import service and the `import annex-a` and `indicators` commands."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from assure.insight.models import AnnexASnapshot
from assure.insight.services import indicators_compute, latest_snapshot, snapshot_import
from tests.insight.annex_builders import write_csv_folder

pytestmark = pytest.mark.django_db

REFERRALS = [
    {
        "Child Unique ID": "C1",
        "Date of referral": "01/04/2026",
        "Referral NFA?": "Yes",
        "Number of Referrals in Last 12 Months": "1",
        "Allocated Team": "Team A",
    },
    {
        "Child Unique ID": "C2",
        "Date of referral": "#N/A",
        "Referral NFA?": "No",
        "Number of Referrals in Last 12 Months": "0",
        "Allocated Team": "Team A",
    },
    {
        "Child Unique ID": "C3",
        "Date of referral": "30/09/2026",
        "Referral NFA?": "No",
        "Number of Referrals in Last 12 Months": "0",
        "Allocated Team": "Team B",
    },
]


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path / "var"


def _snapshots(var_dir: Path) -> list[str]:
    root = var_dir / "snapshots"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_import_and_report(var_dir: Path, tmp_path: Path) -> None:
    source = write_csv_folder(tmp_path / "in", {3: REFERRALS})
    report = tmp_path / "report.json"
    call_command("import_annex_a", str(source), as_of="2026-09-30", report=str(report))
    data = json.loads(report.read_text())
    assert data["status"] == "imported"
    assert data["as_of"] == "2026-09-30"
    assert data["rows"] == {"List 3": 3}
    assert {
        "sheet": "List 3.csv",
        "row": 3,
        "column": "Date of referral",
        "value": "#N/A",
        "problem": "Excel error value",
        "action": "row left out of indicators that read this date",
    } in data["problems"]
    assert set(data) == {"status", "as_of", "rows", "problems", "problems_total", "problem_summary"}
    snapshot = AnnexASnapshot.objects.get()
    assert snapshot.as_of == date(2026, 9, 30)
    assert snapshot.row_counts == {"List 3": 3}
    assert snapshot.directory.is_dir()
    assert (snapshot.directory / "list_3.parquet").is_file()


def test_rejected_import_exits_non_zero_and_leaves_nothing(var_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "List 3.csv").write_text("Child Unique ID,Date of referral\nC1,01/04/2026\n")
    report = tmp_path / "report.json"
    with pytest.raises(CommandError, match="Referral NFA"):
        call_command("import_annex_a", str(source), as_of="2026-09-30", report=str(report))
    data = json.loads(report.read_text())
    assert data["status"] == "rejected"
    assert data["rows"] == {}
    assert any(p["problem"] == "required column missing" for p in data["problems"])
    assert AnnexASnapshot.objects.count() == 0
    assert [n for n in _snapshots(var_dir) if not n.startswith(".")] == []
    assert _snapshots(var_dir) == []


def test_bad_as_of_is_a_readable_error(var_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("import_annex_a", str(tmp_path), as_of="30/09/2026")


def test_database_failure_removes_the_files(
    var_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_csv_folder(tmp_path / "in", {3: REFERRALS})

    def boom(**_kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(AnnexASnapshot.objects, "create", boom)
    with pytest.raises(RuntimeError):
        snapshot_import(path=source, as_of=date(2026, 9, 30))
    assert _snapshots(var_dir) == []
    assert AnnexASnapshot.objects.count() == 0


def test_latest_snapshot_on_or_before(var_dir: Path, tmp_path: Path) -> None:
    source = write_csv_folder(tmp_path / "in", {3: REFERRALS})
    older = snapshot_import(path=source, as_of=date(2026, 6, 30)).snapshot
    newer = snapshot_import(path=source, as_of=date(2026, 9, 30)).snapshot
    assert latest_snapshot(date(2026, 9, 29)) == older
    assert latest_snapshot(date(2026, 9, 30)) == newer
    assert latest_snapshot(date(2026, 1, 1)) is None
    _snapshot, rows = indicators_compute(as_of=date(2026, 9, 30), la_code="999", population=1000)
    got = {(r["indicator"], r["level"], r["unit"]): r["value"] for r in rows}
    assert got[("referrals", "la", "999")] == 2
    assert got[("referrals", "team", "Team A")] == 1
    assert got[("referrals_per_10k_annualised", "la", "999")] == 40.0


def test_indicators_command_writes_csv_and_json(var_dir: Path, tmp_path: Path) -> None:
    source = write_csv_folder(tmp_path / "in", {3: REFERRALS})
    snapshot_import(path=source, as_of=date(2026, 9, 30))
    out = tmp_path / "out"
    call_command("indicators", as_of="2026-09-30", out=str(out), population=1000, la="886")
    with (out / "indicators.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = json.loads((out / "indicators.json").read_text())
    assert len(rows) == len(records)
    first_nfa = next(r for r in rows if r["indicator"] == "referrals_nfa_pct")
    assert first_nfa == {
        "indicator": "referrals_nfa_pct",
        "level": "la",
        "unit": "886",
        "as_of": "2026-09-30",
        "window_start": "2026-04-01",
        "window_end": "2026-09-30",
        "numerator": "1",
        "denominator": "2",
        "value": "50.0",
    }
    contacts = next(r for r in records if r["indicator"] == "contacts")
    # List 1 was not imported: no value.
    assert contacts["value"] is None
    team_b = next(
        r for r in records if r["indicator"] == "referrals_nfa_pct" and r["unit"] == "Team B"
    )
    assert (team_b["numerator"], team_b["denominator"], team_b["value"]) == (0, 1, 0.0)


def test_indicators_without_a_snapshot_fails_readably(var_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No Annex A has been imported"):
        call_command("indicators", as_of="2026-09-30", out=str(tmp_path / "out"))


def test_rates_without_population_are_empty(var_dir: Path, tmp_path: Path, settings: Any) -> None:
    settings.ASSURE_POPULATION_0_17 = None
    source = write_csv_folder(tmp_path / "in", {3: REFERRALS})
    snapshot_import(path=source, as_of=date(2026, 9, 30))
    _snapshot, rows = indicators_compute(as_of=date(2026, 9, 30))
    rate = next(r for r in rows if r["indicator"] == "referrals_per_10k_annualised")
    assert (rate["numerator"], rate["denominator"], rate["value"]) == (2, None, None)
