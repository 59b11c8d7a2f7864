"""A re-import never moves a quality-assured meeting; corrections keep their history; bytes
that are not text are refused by row and column, never with a server error."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from assure.core import clock
from assure.core.models import AuditEvent
from assure.reviews import services
from assure.reviews.importer import meetings_import
from assure.reviews.models import Meeting
from tests.conftest import World
from tests.reviews.conftest import qa_answers

TODAY = date(2026, 6, 1)
HEADER = "meeting_id,kind,stage,date,child_ref,team,practitioner,chair\n"
ROW_1 = "CMS-1,cp_conference,initial,2026-03-02,REF-OWN,A Family Support,practitioner,cp_chair\n"
ROW_2 = "CMS-2,cic_review,,2026-03-03,REF-TEAM,A Family Support,,iro\n"
GOOD = HEADER + ROW_1 + ROW_2


def load(world: World, text: str | bytes) -> Any:
    return meetings_import(actor=world.user("qa_pdm"), data=text, today=TODAY)


def quality_assure(world: World, source_ref: str) -> Meeting:
    meeting = Meeting.objects.get(source_ref=source_ref)
    services.meeting_qa_record(
        actor=meeting.chair,
        meeting_id=meeting.pk,
        responses=qa_answers(meeting.kind),
        grade="good",
        now=datetime(2026, 3, 4, 10, tzinfo=ZoneInfo("Europe/London")),
    )
    return meeting


# Each row moves CMS-1 by one column; CMS-2's date is corrected in the same file.
MOVES = {
    "child_ref": ROW_1.replace("REF-OWN", "REF-TEAM"),
    "team": ROW_1.replace("REF-OWN,A Family Support", "REF-OWN,B Family Support"),
    "practitioner": ROW_1.replace(",practitioner,", ",other-practitioner,"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("column", list(MOVES))
def test_a_reimport_never_moves_a_quality_assured_meeting(world: World, column: str) -> None:
    if column == "team":  # the child has a case in team B too, so the row could pick it
        world.cases["own"].pk = None
        world.cases["own"].team = world.team_b
        world.cases["own"].save()
    assert load(world, GOOD).created == 2
    meeting = quality_assure(world, "CMS-1")
    before = Meeting.objects.values().get(pk=meeting.pk)
    corrected = ROW_2.replace("2026-03-03", "2026-03-05")
    result = load(world, HEADER + MOVES[column] + corrected)
    assert result.status == "rejected"
    assert [(p.row, p.column) for p in result.problems] == [(2, column)]
    assert "QA is already recorded" in result.problems[0].problem
    assert Meeting.objects.values().get(pk=meeting.pk) == before
    # Whole file or nothing: the good correction on row 3 was not saved either.
    assert Meeting.objects.get(source_ref="CMS-2").date == date(2026, 3, 3)


@pytest.mark.django_db
def test_a_meeting_without_qa_is_corrected_with_field_level_history(world: World) -> None:
    load(world, GOOD)
    meeting = Meeting.objects.get(source_ref="CMS-1")
    result = load(world, HEADER + MOVES["child_ref"] + ROW_2)
    assert (result.status, result.updated, result.unchanged) == ("imported", 1, 1)
    meeting.refresh_from_db()
    assert meeting.case == world.cases["team"]
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.IMPORT, object_type="reviews.meeting", object_id=str(meeting.pk)
    )
    # Only the field that changed (the row names the same practitioner, team and chair).
    assert event.changes == {"case_id": [world.cases["own"].pk, world.cases["team"].pk]}
    assert event.child_ref == "REF-OWN" and "REF-TEAM" in event.summary
    assert event.actor == world.user("qa_pdm")
    # The unchanged meeting has no history of its own from this import.
    other = Meeting.objects.get(source_ref="CMS-2")
    assert not AuditEvent.objects.filter(
        action=AuditEvent.Action.IMPORT, object_id=str(other.pk), object_type="reviews.meeting"
    ).exists()


UNREADABLE = {
    "nul": (HEADER + ROW_1 + ROW_2.replace("A Family Support", "A Family\x00Support")).encode(),
    "bytes": (HEADER + ROW_1).encode()
    + ROW_2.replace("iro", "ir\udcff").encode("utf-8", "surrogateescape"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_unreadable_cells_are_named_by_row_and_column(world: World, kind: str) -> None:
    result = load(world, UNREADABLE[kind])
    assert result.status == "rejected"
    column = "team" if kind == "nul" else "chair"
    assert [(p.row, p.column) for p in result.problems] == [(3, column)]
    problem = result.problems[0].problem
    assert ("NUL character" if kind == "nul" else "not UTF-8") in problem
    assert "\x00" not in result.problems[0].value
    assert Meeting.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_the_page_and_the_command_name_the_row_of_unreadable_bytes(
    world: World, client_for: Any, tmp_path: Path, kind: str
) -> None:
    with clock.frozen(TODAY):
        page = client_for("qa_pdm").post(
            "/chairs/import/",
            {"file": SimpleUploadedFile("cms.csv", UNREADABLE[kind], "text/csv")},
        )
        assert page.status_code == 200
        column, why = ("team", "NUL character") if kind == "nul" else ("chair", "not UTF-8")
        assert f"Row 3, column {column}: This cell holds" in page.content.decode()
        assert why in page.content.decode()
        path = tmp_path / "cms.csv"
        path.write_bytes(UNREADABLE[kind])
        with pytest.raises(CommandError, match="Nothing was imported"):
            call_command("import_meetings", str(path))
    assert Meeting.objects.count() == 0
