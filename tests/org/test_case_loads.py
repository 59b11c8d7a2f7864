"""Cases in bulk: a case-list CSV and the case management system's API."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from assure.core.models import AuditEvent
from assure.org.case_loads import cases_load, read_case_csv
from assure.org.models import Case
from tests.conftest import World

HEADER = "reference,age_band,case_type,team,worker,status\n"


def load(world: World, text: str, dry_run: bool = False) -> Any:
    rows, problems = read_case_csv(text.encode())
    assert problems == []
    return cases_load(
        actor=world.user("administrator"), rows=rows, source="cases.csv", dry_run=dry_run
    )


@pytest.mark.django_db
def test_a_case_list_opens_moves_reassigns_and_closes_with_history(world: World) -> None:
    first = load(
        world,
        HEADER
        + "N1,5_9,cin,A Family Support,practitioner,open\n"
        + "N2,10_15,cp,A Family Support,,open\n"
        + "N3,1_4,cic,B Family Support,,open\n",
    )
    assert (first.opened, first.unchanged) == (["N1", "N2", "N3"], 0)
    n1 = Case.objects.get(child__reference="N1")
    assert n1.allocated_worker == world.user("practitioner") and n1.closed_on is None
    second = load(
        world,
        HEADER
        + "N1,5_9,cin,B Family Support,practitioner,open\n"
        + "N2,10_15,cp,A Family Support,team_manager,open\n"
        + "N3,1_4,cic,B Family Support,,closed\n",
    )
    assert second.moved_team == ["N1"]
    assert second.changed_worker == ["N2"]
    assert second.closed == ["N3"]
    assert Case.objects.get(child__reference="N3").closed_on is not None
    moved = AuditEvent.objects.get(child_ref="N1", action=AuditEvent.Action.IMPORT)
    assert moved.changes["team"] == ["A Family Support", "B Family Support"]
    assert moved.actor_username == world.user("administrator").username
    summary = AuditEvent.objects.filter(summary__startswith="Loaded cases from cases.csv").first()
    assert summary is not None and summary.changes["closed"] == ["N3"]
    again = load(world, HEADER + "N1,5_9,cin,B Family Support,practitioner,open\n")
    assert again.unchanged == 1 and not again.opened


@pytest.mark.django_db
def test_a_dry_run_saves_nothing(world: World) -> None:
    before = Case.objects.count(), AuditEvent.objects.count()
    report = load(world, HEADER + "D1,5_9,cin,A Family Support,,open\n", dry_run=True)
    assert report.opened == ["D1"] and not report.saved
    assert "1 would be opened" in report.lines()
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_one_bad_row_rejects_the_file_naming_row_and_column(world: World) -> None:
    rows, _ = read_case_csv(
        (
            HEADER
            + "G1,5_9,cin,A Family Support,,open\n"
            + "G2,5_9,nonsense,No Such Team,ghost,maybe\n"
            + "G1,5_9,cin,A Family Support,,open\n"
        ).encode()
    )
    report = cases_load(actor=world.user("administrator"), rows=rows, source="x.csv")
    found = {(p.row, p.column) for p in report.problems}
    assert {(3, "case_type"), (3, "team"), (3, "worker"), (3, "status"), (4, "reference")} <= found
    assert not Case.objects.filter(child__reference__startswith="G").exists()
    _, problems = read_case_csv((HEADER + "Z1,5_9,cin,A\x00,,open\n").encode())
    assert problems[0].row == 2 and "NUL" in problems[0].problem
    _, problems = read_case_csv(HEADER.encode() + b"Z2,5_9,cin,\xff\xfe,,open\n")
    assert problems[0].row == 2 and "UTF-8" in problems[0].problem


@pytest.mark.django_db
def test_the_command_loads_a_file_or_nothing(world: World, tmp_path: Path) -> None:
    good = tmp_path / "cases.csv"
    good.write_text(HEADER + "C1,5_9,cin,A Family Support,,open\n")
    out = io.StringIO()
    call_command("import_cases", str(good), "--dry-run", stdout=out)
    assert "Dry run, nothing saved: 1 would be opened" in out.getvalue()
    assert not Case.objects.filter(child__reference="C1").exists()
    call_command("import_cases", str(good), stdout=out)
    assert Case.objects.filter(child__reference="C1").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("reference,team\nC2,A\n")
    with pytest.raises(CommandError, match="column age_band"):
        call_command("import_cases", str(bad), stdout=out)


@pytest.mark.django_db
def test_the_case_management_system_puts_one_case(world: World) -> None:
    admin = Client()
    admin.force_login(world.user("administrator"))
    body = {"age_band": "5_9", "case_type": "cin", "team": "A Family Support", "status": "open"}
    made = admin.put("/api/v1/cases/P1", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["change"] == "opened"
    body["team"] = "B Family Support"
    moved = admin.put("/api/v1/cases/P1", body, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["change"] == "moved team"
    assert moved.json()["team"] == "B Family Support"
    bad = admin.put(
        "/api/v1/cases/P1", {**body, "team": "Nowhere"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "team" in bad.json()["detail"]
    practitioner = Client()
    practitioner.force_login(world.user("practitioner"))
    assert (
        practitioner.put("/api/v1/cases/P1", body, content_type="application/json").status_code
        == 403
    )
