"""Importing meetings: validated, reported by row and column, all or nothing, idempotent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from assure.core.models import AuditEvent
from assure.reviews.importer import meetings_import
from assure.reviews.models import Meeting
from tests.conftest import World

HEADER = "meeting_id,kind,stage,date,child_ref,team,practitioner,chair\n"
GOOD = (
    HEADER
    + "CMS-1,cp_conference,initial,2026-03-02,REF-OWN,A Family Support,practitioner,cp_chair\n"
    + "CMS-2,cic_review,,03/03/2026,REF-TEAM,A Family Support,,iro\n"
)


@pytest.mark.django_db
def test_a_good_file_loads_and_loading_it_again_changes_nothing(world: World) -> None:
    qa = world.user("qa_pdm")
    first = meetings_import(actor=qa, data=GOOD.encode("utf-8-sig"), source="cms.csv")
    assert (first.status, first.created, first.updated) == ("imported", 2, 0)
    cp = Meeting.objects.get(source_ref="CMS-1")
    assert (cp.kind, cp.stage, cp.case, cp.chair) == (
        "cp_conference",
        "initial",
        world.cases["own"],
        world.user("cp_chair"),
    )
    cic = Meeting.objects.get(source_ref="CMS-2")
    assert cic.stage == "review" and cic.practitioner == world.user("other_practitioner")
    again = meetings_import(actor=qa, data=GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Meeting.objects.count() == 2
    moved = GOOD.replace("2026-03-02", "2026-03-04")
    third = meetings_import(actor=qa, data=moved)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert Meeting.objects.get(source_ref="CMS-1").date.isoformat() == "2026-03-04"
    assert AuditEvent.objects.filter(action="import", summary__contains="cms.csv").exists()


BAD = (
    HEADER
    + "CMS-1,cp_conference,initial,2026-03-02,REF-OWN,A Family Support,practitioner,cp_chair\n"
    + "CMS-2,conference,,2026-03-02,REF-OWN,A Family Support,,cp_chair\n"
    + "CMS-3,cp_conference,review,2026-02-30,REF-NOBODY,No Such Team,ghost,cp_chair\n"
    + "CMS-1,cic_review,review,2026-03-02,REF-OWN,A Family Support,,cp_chair\n"
    + ",cp_conference,review,2099-01-01,REF-OWN,A Family Support,,team_manager\n"
)


@pytest.mark.django_db
def test_every_bad_cell_is_reported_by_row_and_column_and_nothing_loads(world: World) -> None:
    result = meetings_import(actor=world.user("qa_pdm"), data=BAD)
    assert result.status == "rejected"
    found = {(p.row, p.column) for p in result.problems}
    assert found == {
        (3, "kind"),
        (4, "date"),
        (4, "child_ref"),
        (4, "team"),
        (4, "practitioner"),
        (5, "meeting_id"),  # the same id as row 2
        (5, "chair"),  # an IRO's meeting, chaired by a CP chair
        (6, "meeting_id"),
        (6, "date"),  # in the future
        (6, "chair"),  # not a chair at all
    }
    problem = next(p for p in result.problems if (p.row, p.column) == (4, "team"))
    assert problem.value == "No Such Team" and "No team" in problem.problem
    assert Meeting.objects.count() == 0  # the good first row did not load either


@pytest.mark.django_db
def test_a_missing_column_rejects_the_file(world: World) -> None:
    result = meetings_import(actor=world.user("qa_pdm"), data="meeting_id,kind\nX,cp_conference\n")
    assert result.status == "rejected"
    assert {(p.row, p.column) for p in result.problems} == {
        (1, "date"),
        (1, "child_ref"),
        (1, "team"),
        (1, "chair"),
    }


@pytest.mark.django_db
def test_only_the_qa_unit_and_administrators_import(world: World, client_for: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        meetings_import(actor=world.user("cp_chair"), data=GOOD)
    assert client_for("cp_chair").get("/chairs/import/").status_code == 403
    assert client_for("administrator").get("/chairs/import/").status_code == 200


@pytest.mark.django_db
def test_the_page_shows_problems_by_row_and_column(world: World, client_for: Any) -> None:
    client = client_for("qa_pdm")
    response = client.post(
        "/chairs/import/", {"file": SimpleUploadedFile("cms.csv", BAD.encode(), "text/csv")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Row 4, column team: No team has this name in Assure." in html
    assert "govuk-error-summary" in html and Meeting.objects.count() == 0
    done = client.post(
        "/chairs/import/",
        {"file": SimpleUploadedFile("cms.csv", GOOD.encode(), "text/csv")},
        follow=True,
    )
    assert "Imported 2 rows: 2 new" in done.content.decode()


@pytest.mark.django_db
def test_the_command_imports_and_reports(world: World, tmp_path: Path) -> None:
    good, bad, report = tmp_path / "good.csv", tmp_path / "bad.csv", tmp_path / "r.json"
    good.write_text(GOOD)
    bad.write_text(BAD)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_meetings", str(bad), "--report", str(report))
    problems = json.loads(report.read_text())["problems"]
    team = next(p for p in problems if (p["row"], p["column"]) == (4, "team"))
    assert team["value"] == "No Such Team" and team["problem"]
    call_command("import_meetings", str(good))
    call_command("import_meetings", str(good))
    assert Meeting.objects.count() == 2
