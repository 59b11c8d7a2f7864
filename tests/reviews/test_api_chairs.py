"""The contract's chairs' API, exactly as written there."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from assure.core.models import Notification
from assure.reviews.models import Meeting, PracticeAlert
from tests.conftest import PASSWORD, World
from tests.reviews.conftest import qa_answers


def api_client(username: str) -> Client:
    token = (
        Client()
        .post(
            "/api/v1/auth/token",
            {"username": username, "password": PASSWORD},
            content_type="application/json",
        )
        .json()["token"]
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.django_db
def test_inadequate_qa_escalates_once_and_the_chair_resolves(
    world: World, meetings: dict[str, Meeting]
) -> None:
    chair = api_client("cp_chair")
    awaiting = chair.get("/api/v1/meetings", {"status": "awaiting_qa", "mine": "true"}).json()
    assert {m["id"] for m in awaiting} == {meetings["cp"].pk, meetings["cp2"].pk}
    first = next(m for m in awaiting if m["id"] == meetings["cp"].pk)
    assert first["kind"] == "cp_conference" and first["child_ref"] == "REF-OWN"
    assert first["practitioner"] == "practitioner" and first["team"] == "A Family Support"

    detail = chair.get(f"/api/v1/meetings/{meetings['cp'].pk}").json()
    keys = [q["key"] for s in detail["qa_tool"]["sections"] for q in s["questions"]]
    assert {
        "smart_specific",
        "smart_measurable",
        "smart_achievable",
        "smart_realistic",
        "smart_timed",
        "plan_reflects_risks",
        "actions_in_timeframe",
    } <= set(keys)

    recorded = chair.post(
        f"/api/v1/meetings/{meetings['cp'].pk}/qa",
        {
            "responses": qa_answers("cp_conference"),
            "grade": "inadequate",
            "urgent": False,
            "concern": "Plan does not address neglect",
        },
        content_type="application/json",
    )
    assert recorded.status_code == 201, recorded.content
    body = recorded.json()
    assert body["appreciation"] is None
    alert = body["alert"]
    assert alert["stage"] == 1 and alert["owner"] == "team_manager"
    assert alert["status"] == "open" and alert["raised_by"] == "cp_chair"

    manager = api_client("team_manager")
    assert [a["id"] for a in manager.get("/api/v1/alerts", {"status": "open"}).json()] == [
        alert["id"]
    ]

    # Past the due time: one run moves it to the service manager; a second changes nothing.
    due = timezone.localtime(PracticeAlert.objects.get(pk=alert["id"]).due)
    at_due = due.strftime("%Y-%m-%dT%H:%M")  # the due minute itself is not yet overdue
    later = (due + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    runs = []
    for moment in (at_due, later, later):
        out = StringIO()
        call_command("alerts_escalate", "--now", moment, stdout=out)
        runs.append(out.getvalue().strip())
    assert runs == [
        "Escalated 0 practice alerts.",
        "Escalated 1 practice alert.",
        "Escalated 0 practice alerts.",
    ]
    moved = PracticeAlert.objects.get(pk=alert["id"])
    assert moved.stage == 2 and moved.owner == world.user("service_manager")
    assert (
        Notification.objects.filter(
            user=world.user("service_manager"), kind="alert_escalated"
        ).count()
        == 1
    )

    sm = api_client("service_manager")
    responded = sm.post(
        f"/api/v1/alerts/{alert['id']}/response",
        {"text": "Plan reviewed with the team"},
        content_type="application/json",
    )
    assert responded.status_code == 200 and responded.json()["status"] == "responded"
    not_chair = sm.post(
        f"/api/v1/alerts/{alert['id']}/resolve", {"text": "done"}, content_type="application/json"
    )
    assert not_chair.status_code == 403
    resolved = chair.post(
        f"/api/v1/alerts/{alert['id']}/resolve",
        {"text": "Revised plan agreed"},
        content_type="application/json",
    )
    assert resolved.status_code == 200
    body = resolved.json()
    assert body["status"] == "resolved"
    assert [h["kind"] for h in body["history"]] == ["raised", "escalated", "responded", "resolved"]
    assert chair.get("/api/v1/alerts", {"status": "resolved"}).json()[0]["id"] == alert["id"]


@pytest.mark.django_db
def test_outstanding_qa_sends_an_appreciation(
    world: World, meetings: dict[str, Meeting], django_capture_on_commit_callbacks: Any
) -> None:
    chair = api_client("cp_chair")
    # Notifications go out once the QA is committed.
    with django_capture_on_commit_callbacks(execute=True):
        recorded = chair.post(
            f"/api/v1/meetings/{meetings['cp'].pk}/qa",
            {
                "responses": qa_answers("cp_conference"),
                "grade": "outstanding",
                "urgent": False,
                "concern": "Creative direct work with the child",
            },
            content_type="application/json",
        )
    assert recorded.status_code == 201
    body = recorded.json()
    assert body["alert"] is None and body["appreciation"]["practitioner"] == "practitioner"
    received = api_client("practitioner").get("/api/v1/notifications").json()
    assert any(n["kind"] == "appreciation" for n in received)
    assert Notification.objects.filter(
        user=world.user("team_manager"), kind="appreciation"
    ).exists()


@pytest.mark.django_db
def test_urgent_raises_an_alert_even_when_good(world: World, meetings: dict[str, Meeting]) -> None:
    chair = api_client("cp_chair")
    body = chair.post(
        f"/api/v1/meetings/{meetings['cp2'].pk}/qa",
        {
            "responses": qa_answers("cp_conference"),
            "grade": "good",
            "urgent": True,
            "concern": "No visit for six weeks",
        },
        content_type="application/json",
    ).json()
    assert body["alert"]["stage"] == 1


@pytest.mark.django_db
def test_qa_errors_and_permissions(world: World, meetings: dict[str, Meeting]) -> None:
    chair = api_client("cp_chair")
    missing = chair.post(
        f"/api/v1/meetings/{meetings['cp'].pk}/qa",
        {"responses": {}, "grade": "good"},
        content_type="application/json",
    )
    assert missing.status_code == 400 and "responses" in missing.json()["detail"]
    no_concern = chair.post(
        f"/api/v1/meetings/{meetings['cp'].pk}/qa",
        {"responses": qa_answers("cp_conference"), "grade": "inadequate"},
        content_type="application/json",
    )
    assert no_concern.status_code == 400 and "concern" in no_concern.json()["detail"]
    # the IRO's meeting is not this chair's to QA
    other = chair.post(
        f"/api/v1/meetings/{meetings['other_chair'].pk}/qa",
        {"responses": qa_answers("cic_review"), "grade": "good"},
        content_type="application/json",
    )
    assert other.status_code == 403
    assert api_client("elected_member").get("/api/v1/alerts").json() == []
    assert (
        api_client("elected_member").get(f"/api/v1/meetings/{meetings['cp'].pk}").status_code == 404
    )


@pytest.mark.django_db
def test_who_sees_which_alert(world: World, meetings: dict[str, Meeting]) -> None:
    chair = api_client("cp_chair")
    for key in ("cp", "cp2"):
        chair.post(
            f"/api/v1/meetings/{meetings[key].pk}/qa",
            {
                "responses": qa_answers("cp_conference"),
                "grade": "inadequate",
                "concern": "Unsafe plan",
            },
            content_type="application/json",
        )

    def seen(username: str) -> set[str]:
        return {a["practitioner"] or "" for a in api_client(username).get("/api/v1/alerts").json()}

    assert seen("practitioner") == {"practitioner"}  # only alerts about their own practice
    assert seen("team_manager") == {"practitioner", "other-practitioner"}
    assert seen("director") == {"practitioner", "other-practitioner"}
