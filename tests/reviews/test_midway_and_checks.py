"""Mid-way reviews in the page, meetings entered by hand, and the consistency audit of chairs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assure.core.models import Notification
from assure.reviews import services
from assure.reviews.models import ChairCheck, Meeting, MidwayReview, PracticeAlert
from tests.conftest import World
from tests.reviews.conftest import qa_answers


def quality_assured(world: World, meeting: Meeting, grade: str = "good") -> None:
    services.meeting_qa_record(
        actor=meeting.chair,
        meeting_id=meeting.pk,
        responses=qa_answers(meeting.kind),
        grade=grade,
        concern="x" if grade == "inadequate" else "",
    )


@pytest.mark.django_db
def test_chair_records_a_midway_review_that_raises_an_alert(
    world: World, meetings: dict[str, Meeting], client_for: Any
) -> None:
    meeting = meetings["cp"]
    quality_assured(world, meeting)
    client = client_for("cp_chair")
    url = f"/chairs/meetings/{meeting.pk}/midway/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"date": "2026-12-14", "decision_1": "Core group to meet"})
    assert "Choose implemented, in progress or not started." in bad.content.decode()
    response = client.post(
        url,
        {
            "date": "2026-12-14",
            "decision_1": "Core group to meet",
            "status_1": "implemented",
            "decision_2": "Health assessment",
            "status_2": "not_started",
            "note_2": "No date yet",
            "raise_alert": "on",
            "concern": "The health assessment has not started",
        },
    )
    assert response.status_code == 302
    review = MidwayReview.objects.get(meeting=meeting)
    assert [i["status"] for i in review.items] == ["implemented", "not_started"]
    assert review.alert is not None and review.alert.reason == PracticeAlert.Reason.MIDWAY
    assert review.alert.owner == world.user("team_manager")
    page = client.get(f"/chairs/meetings/{meeting.pk}/").content.decode()
    assert "Health assessment" in page and "Not started" in page
    # Another chair's meeting is not theirs to review.
    other = meetings["other_chair"]
    assert client_for("iro").get(f"/chairs/meetings/{other.pk}/midway/").status_code == 200
    assert client.get(f"/chairs/meetings/{other.pk}/midway/").status_code == 403


@pytest.mark.django_db
def test_a_chair_enters_a_meeting_by_hand(world: World, client_for: Any) -> None:
    client = client_for("cp_chair")
    form = {
        "kind": "cp_conference",
        "stage": "initial",
        "date": "2026-03-02",
        "child_ref": "REF-OWN",
        "chair": "Cp_Chair Tester",  # by name, as the page suggests
    }
    page = client.get("/chairs/meetings/new/").content.decode()
    assert 'value="Cp_Chair Tester (cp_chair)"' in page  # the chair themselves, filled in
    other_chair = client.post("/chairs/meetings/new/", {**form, "chair": "Iro Tester"})
    assert "Iro Tester cannot be the chair of this meeting here" in other_chair.content.decode()
    missing = client.post("/chairs/meetings/new/", {**form, "child_ref": "REF-NONE"})
    assert "No case you may see has this child reference." in missing.content.decode()
    done = client.post("/chairs/meetings/new/", form)
    meeting = Meeting.objects.get()
    assert done["Location"] == f"/chairs/meetings/{meeting.pk}/"
    assert (meeting.case, meeting.chair, meeting.team) == (
        world.cases["own"],
        world.user("cp_chair"),
        world.team_a,
    )
    assert client_for("practitioner").get("/chairs/meetings/new/").status_code == 403
    assert client_for("qa_pdm").get("/chairs/meetings/new/").status_code == 200


@pytest.mark.django_db
def test_the_qa_unit_samples_chairs_meetings_and_checks_the_grade(
    world: World,
    meetings: dict[str, Meeting],
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    for m in meetings.values():
        quality_assured(world, m)
    qa = world.user("qa_pdm")
    drawn = services.chair_checks_draw(actor=qa, month=date(2026, 11, 15), per_chair=1, seed=7)
    # One per chair: the CP chair chaired two, the IRO one.
    assert len(drawn) == 2 and {d.month for d in drawn} == {date(2026, 11, 1)}
    again = services.chair_checks_draw(actor=qa, month=date(2026, 11, 1), per_chair=1, seed=7)
    assert len(again) == 1  # the CP chair's other meeting; the IRO's is already drawn
    client = client_for("qa_pdm")
    check = ChairCheck.objects.filter(qa__meeting=meetings["cp"]).get()
    url = f"/chairs/consistency/{check.pk}/"
    refused = client.post(url, {"decision": "disagree", "grade": "good", "note": ""})
    html = refused.content.decode()
    assert "Choose a grade other than the chair" in html and "Say why you disagree." in html
    with django_capture_on_commit_callbacks(execute=True):  # the chair is told once committed
        client.post(url, {"decision": "disagree", "grade": "requires_improvement", "note": "Gaps"})
    check.refresh_from_db()
    assert (check.decision, check.checker_grade, check.checker) == (
        "disagree",
        "requires_improvement",
        qa,
    )
    assert Notification.objects.filter(user=world.user("cp_chair"), kind="chair_check").exists()
    summary = client.get("/chairs/consistency/", {"month": "2026-11"}).content.decode()
    assert "3 meetings drawn for November 2026" in summary
    assert client_for("cp_chair").get("/chairs/consistency/").status_code == 403
