"""Every read of a meeting or an alert, page or API, is in the trail; views never write it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from assure.core.models import AuditEvent
from assure.reviews.models import Meeting
from tests.conftest import World
from tests.reviews.conftest import qa_answers
from tests.reviews.test_api_chairs import api_client

VIEWS = Path(__file__).parents[2] / "src" / "assure" / "reviews"


def views(world: World, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, **filters))


@pytest.mark.django_db
def test_reading_one_meeting_through_the_api_is_trailed(
    world: World, meetings: dict[str, Meeting]
) -> None:
    meeting = meetings["cp"]
    assert api_client("cp_chair").get(f"/api/v1/meetings/{meeting.pk}").status_code == 200
    [event] = views(world, object_type="reviews.meeting", object_id=str(meeting.pk))
    assert (event.actor, event.child_ref) == (world.user("cp_chair"), "REF-OWN")
    # Not visible: 404, and nothing read, so nothing trailed.
    assert api_client("elected_member").get(f"/api/v1/meetings/{meeting.pk}").status_code == 404
    assert len(views(world, object_type="reviews.meeting")) == 1


@pytest.mark.django_db
def test_api_lists_record_what_they_showed(world: World, meetings: dict[str, Meeting]) -> None:
    chair = api_client("cp_chair")
    listed = chair.get("/api/v1/meetings").json()
    assert len(listed) == 3
    [event] = views(world, object_type="reviews.meeting", actor=world.user("cp_chair"))
    assert sorted(event.changes["ids"]) == sorted(m["id"] for m in listed)
    assert event.changes["child_refs"] == ["REF-OWN", "REF-TEAM"]
    chair.post(
        f"/api/v1/meetings/{meetings['cp'].pk}/qa",
        {"responses": qa_answers("cp_conference"), "grade": "inadequate", "concern": "Unsafe"},
        content_type="application/json",
    )
    alerts = api_client("team_manager").get("/api/v1/alerts").json()
    [alert_event] = views(world, object_type="reviews.practicealert")
    assert alert_event.actor == world.user("team_manager")
    assert alert_event.object_id == str(alerts[0]["id"])
    assert alert_event.child_ref == "REF-OWN"


@pytest.mark.django_db
def test_the_meeting_page_reads_through_the_policy(
    world: World, meetings: dict[str, Meeting], client_for: Any
) -> None:
    meeting = meetings["cp"]
    assert client_for("practitioner").get(f"/chairs/meetings/{meeting.pk}/").status_code == 200
    [event] = views(world, object_type="reviews.meeting", object_id=str(meeting.pk))
    assert (event.actor, event.child_ref) == (world.user("practitioner"), "REF-OWN")
    assert client_for("elected_member").get(f"/chairs/meetings/{meeting.pk}/").status_code == 403
    missing = client_for("team_manager").get(f"/chairs/meetings/{meeting.pk + 999}/")
    assert missing.status_code == 404


def test_views_never_write_the_trail() -> None:
    """Reads are trailed by the policy, writes by the services: no view calls the trail."""
    for path in [VIEWS / "views.py", VIEWS / "manage_views.py", VIEWS / "dashboard_views.py"]:
        tree = ast.parse(path.read_text())
        names = {
            node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
            for node in ast.walk(tree)
        }
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert "trail" not in imported and "trail" not in names, path.name
