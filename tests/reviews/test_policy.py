"""The app's one policy: each rule answered in one place, and services refuse what it refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from assure.core.records import policies
from assure.reviews import services
from assure.reviews.models import Meeting
from assure.reviews.policy import (
    ALERTS,
    CHECKS,
    MEETINGS,
    aggregates_only,
    may_add_meeting,
    may_import,
    may_see_chairs,
)
from tests.conftest import World
from tests.reviews.conftest import qa_answers


def test_every_record_type_of_the_app_has_its_policy_registered() -> None:
    registered = policies()
    for label in ("reviews.meeting", "reviews.practicealert", "reviews.appreciation"):
        assert label in registered
    assert registered["reviews.meeting"] is MEETINGS
    assert registered["reviews.chaircheck"] is CHECKS


@pytest.mark.django_db
def test_who_may_do_what(world: World, meetings: dict[str, Meeting]) -> None:
    meeting = meetings["cp"]
    chair, iro, qa = world.user("cp_chair"), world.user("iro"), world.user("qa_pdm")
    assert MEETINGS.may(chair, "record_qa", meeting)
    assert not MEETINGS.may(iro, "record_qa", meeting)  # a chair, not this meeting's
    assert not MEETINGS.may(qa, "record_midway", meeting)
    assert may_import(qa) and may_import(world.user("administrator"))
    assert not may_import(chair)
    assert may_add_meeting(chair, chair) and not may_add_meeting(chair, iro)
    assert may_add_meeting(qa, iro)
    assert not may_add_meeting(world.user("practitioner"))
    assert may_see_chairs(qa) and may_see_chairs(chair) and may_see_chairs(world.user("director"))
    assert not may_see_chairs(world.user("team_manager"))
    assert not may_see_chairs(world.user("elected_member"))
    assert aggregates_only(world.user("elected_member")) and aggregates_only(world.user("analyst"))
    assert not aggregates_only(world.user("team_manager"))
    assert CHECKS.may_draw(qa) and not CHECKS.may_draw(chair)


@pytest.mark.django_db
def test_a_chair_enters_only_a_meeting_they_chaired(world: World) -> None:
    chair = world.user("cp_chair")
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=chair,
            kind="cic_review",
            date=date(2026, 3, 2),
            case=world.cases["own"],
            chair=world.user("iro"),
        )
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_alert_rules_are_the_policy_s(
    world: World, meetings: dict[str, Meeting], client_for: Any
) -> None:
    chair = world.user("cp_chair")
    services.meeting_qa_record(
        actor=chair,
        meeting_id=meetings["cp"].pk,
        responses=qa_answers("cp_conference"),
        grade="inadequate",
        concern="Unsafe plan",
    )
    alert = meetings["cp"].alerts.get()
    manager, practitioner = world.user("team_manager"), world.user("practitioner")
    assert ALERTS.may(manager, "respond", alert) and not ALERTS.may(manager, "resolve", alert)
    assert ALERTS.may(chair, "resolve", alert) and not ALERTS.may(practitioner, "respond", alert)
    with pytest.raises(PermissionDenied, match="owns this stage"):
        services.alert_respond(actor=practitioner, alert_id=alert.pk, text="Not mine to answer")
    # The page offers only what the policy allows.
    page = client_for("practitioner").get(f"/chairs/alerts/{alert.pk}/").content.decode()
    assert 'value="respond"' not in page and 'value="resolve"' not in page
    page = client_for("team_manager").get(f"/chairs/alerts/{alert.pk}/").content.decode()
    assert 'value="respond"' in page and 'value="resolve"' not in page
