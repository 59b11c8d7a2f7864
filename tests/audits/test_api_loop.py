"""The contract's audit loop, through the HTTP API exactly as written there."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from assure.audits.models import Audit
from assure.core.models import Notification
from tests.audits.conftest import answer_everything
from tests.conftest import PASSWORD, World


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
def test_the_audit_loop(
    world: World, allocated: Audit, django_capture_on_commit_callbacks: Any
) -> None:
    auditor = api_client("team_manager")
    listed = auditor.get("/api/v1/audits", {"status": "allocated", "mine": "true"}).json()
    assert allocated.pk in [a["id"] for a in listed]

    audit = auditor.get(f"/api/v1/audits/{allocated.pk}").json()
    for key in (
        "id",
        "status",
        "version",
        "child_ref",
        "team",
        "auditor",
        "practitioner",
        "moderator",
        "tool",
        "responses",
        "auditor_grade",
        "moderated_grade",
        "final_grade",
        "actions",
        "history",
    ):
        assert key in audit, key
    assert audit["status"] == "allocated" and audit["child_ref"] == "REF-OWN"
    assert audit["auditor"] == "team_manager" and audit["practitioner"] == "practitioner"
    assert audit["tool"]["key"] == "cype_audit"
    version = audit["version"]

    # A draft, partial, saves; a stale version is refused and changes nothing.
    first = next(q for q in audit["tool"]["sections"][0]["questions"] if q["type"] == "scale")
    saved = auditor.put(
        f"/api/v1/audits/{allocated.pk}/responses",
        {"version": version, "responses": {first["key"]: 8}},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["status"] == "in_progress" and saved.json()["version"] == version + 1
    stale = auditor.put(
        f"/api/v1/audits/{allocated.pk}/responses",
        {"version": version, "responses": {first["key"]: 2}},
        content_type="application/json",
    )
    assert stale.status_code == 409 and "detail" in stale.json()
    assert Audit.objects.get(pk=allocated.pk).responses[first["key"]] == 8
    bad_value = auditor.put(
        f"/api/v1/audits/{allocated.pk}/responses",
        {"version": version + 1, "responses": {first["key"]: 99}},
        content_type="application/json",
    )
    assert bad_value.status_code == 400
    assert f"responses.{first['key']}" in bad_value.json()["detail"]
    version += 1

    # Submitting needs every required answer: 400 names the missing ones.
    missing = auditor.post(
        f"/api/v1/audits/{allocated.pk}/submit",
        {"version": version, "grade": "good"},
        content_type="application/json",
    )
    assert missing.status_code == 400
    named = missing.json()["detail"]["responses"]["missing"]
    assert "assessment_analysis" in named and first["key"] not in named

    everything = answer_everything(audit["tool"])
    version = auditor.put(
        f"/api/v1/audits/{allocated.pk}/responses",
        {"version": version, "responses": everything},
        content_type="application/json",
    ).json()["version"]
    submitted = auditor.post(
        f"/api/v1/audits/{allocated.pk}/submit",
        {"version": version, "grade": "good"},
        content_type="application/json",
    )
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["status"] == "submitted" and body["auditor_grade"] == "good"
    assert body["moderator"] == "service_manager"
    version = body["version"]

    # The moderator: a change without a reason is refused; with one, both grades are kept.
    moderator = api_client("service_manager")
    queue = moderator.get("/api/v1/audits", {"status": "submitted", "mine": "true"}).json()
    assert [a["id"] for a in queue] == [allocated.pk]
    no_reason = moderator.post(
        f"/api/v1/audits/{allocated.pk}/moderation",
        {"version": version, "decision": "change", "grade": "requires_improvement"},
        content_type="application/json",
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["detail"]
    changed = moderator.post(
        f"/api/v1/audits/{allocated.pk}/moderation",
        {
            "version": version,
            "decision": "change",
            "grade": "requires_improvement",
            "reason": "Plan lacks timescales",
        },
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["status"] == "in_moderation"
    assert (body["auditor_grade"], body["moderated_grade"]) == ("good", "requires_improvement")

    action = moderator.post(
        f"/api/v1/audits/{allocated.pk}/actions",
        {
            "description": "Add timescales to the plan",
            "owner": "practitioner",
            "due_date": "2099-01-31",
        },
        content_type="application/json",
    )
    assert action.status_code == 201, action.content
    assert action.json()["owner"] == "practitioner"

    current = moderator.get(f"/api/v1/audits/{allocated.pk}").json()
    assert current["actions"][0]["description"] == "Add timescales to the plan"
    # People are told once the change is committed (never of one rolled back).
    with django_capture_on_commit_callbacks(execute=True):
        finalised = moderator.post(
            f"/api/v1/audits/{allocated.pk}/finalise",
            {"version": current["version"]},
            content_type="application/json",
        )
    assert finalised.status_code == 200, finalised.content
    body = finalised.json()
    assert body["status"] == "finalised" and body["final_grade"] == "requires_improvement"
    kinds = [h["kind"] for h in body["history"]]
    assert kinds[0] == "allocated" and kinds[-1] == "finalised" and "moderated" in kinds

    docx = auditor.get(f"/api/v1/audits/{allocated.pk}/document", {"format": "docx"})
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('.docx"')
    pdf = auditor.get(f"/api/v1/audits/{allocated.pk}/document", {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        auditor.get(f"/api/v1/audits/{allocated.pk}/document", {"format": "odt"}).status_code == 400
    )
    assert (
        api_client("elected_member").get(f"/api/v1/audits/{allocated.pk}/document").status_code
        == 404
    )

    told = Notification.objects.filter(kind="audit_finalised")
    assert {n.user.username for n in told} == {"service_manager", "team_manager"}
    auditor_notes = auditor.get("/api/v1/notifications").json()
    assert auditor_notes[0]["object"] == {"type": "audit", "id": str(allocated.pk)}
    assert auditor_notes[0]["link"] == f"/audits/{allocated.pk}/"


@pytest.mark.django_db
def test_who_sees_which_audit_through_the_api(world: World, allocated: Audit) -> None:
    def ids(username: str) -> set[int]:
        return {a["id"] for a in api_client(username).get("/api/v1/audits").json()}

    all_ids = set(Audit.objects.values_list("pk", flat=True))
    team_a = set(Audit.objects.filter(team=world.team_a).values_list("pk", flat=True))
    assert ids("practitioner") == {allocated.pk}
    assert ids("team_manager") == team_a | set(
        Audit.objects.filter(auditor=world.user("team_manager")).values_list("pk", flat=True)
    )
    assert ids("director") == all_ids
    assert ids("elected_member") == set()
    assert api_client("elected_member").get(f"/api/v1/audits/{allocated.pk}").status_code == 404
    # another team's auditor cannot even learn the audit exists
    assert api_client("other-practitioner").get(f"/api/v1/audits/{allocated.pk}").status_code == 404


@pytest.mark.django_db
def test_only_the_auditor_answers_and_only_a_moderator_moderates(
    world: World, allocated: Audit
) -> None:
    director = api_client("director")
    put = director.put(
        f"/api/v1/audits/{allocated.pk}/responses",
        {"version": allocated.version, "responses": {}},
        content_type="application/json",
    )
    assert put.status_code == 403
    moderation = api_client("practitioner").post(
        f"/api/v1/audits/{allocated.pk}/moderation",
        {"version": allocated.version, "decision": "agree"},
        content_type="application/json",
    )
    assert moderation.status_code == 403


@pytest.mark.django_db
def test_bad_input_names_the_field(world: World, allocated: Audit) -> None:
    auditor = api_client("team_manager")
    response = auditor.put(
        f"/api/v1/audits/{allocated.pk}/responses",
        {"responses": {}},
        content_type="application/json",
    )
    assert response.status_code == 400 and "version" in response.json()["detail"]
    unknown = auditor.get("/api/v1/audits", {"status": "lost"})
    assert unknown.status_code == 400 and "status" in unknown.json()["detail"]
    missing_owner = auditor.post(
        f"/api/v1/audits/{allocated.pk}/actions",
        {"description": "x", "owner": "nobody-here", "due_date": "2099-01-01"},
        content_type="application/json",
    )
    assert missing_owner.status_code == 400 and "owner" in missing_owner.json()["detail"]
