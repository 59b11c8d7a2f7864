"""The one policy for actions: registered, the owner rule for a child, notifications kept bare."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from assure.actions import services
from assure.actions.models import Action
from assure.actions.policy import ACTIONS
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent, Notification
from assure.core.records import policy_for
from tests.actions.action_helpers import future, make_action
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_policy_is_registered_for_actions() -> None:
    assert policy_for(Action) is ACTIONS
    assert ACTIONS.child_level and set(ACTIONS.actions) == {"work_on", "redirect"}


def test_an_action_about_a_child_goes_only_to_someone_who_sees_the_child(world: World) -> None:
    # REF-TEAM is allocated to the other practitioner; the practitioner sees own cases only.
    manager = world.user("team_manager")
    with pytest.raises(InvalidInput) as refused:
        services.action_create(
            actor=manager,
            description="Update the plan",
            owner=world.user("practitioner"),
            due_date=future(),
            team=world.team_a,
            child_ref="REF-TEAM",
        )
    assert list(refused.value.errors) == ["owner"]
    assert "may see this child" in refused.value.errors["owner"]
    assert not Action.objects.exists()
    # The child's allocated worker, their team and the QA unit all see the child.
    for role in ("other_practitioner", "business_support", "qa_sso"):
        action = services.action_create(
            actor=manager,
            description="Update the plan",
            owner=world.user(role),
            due_date=future(),
            child_ref="REF-TEAM",
        )
        assert action.owner == world.user(role)
    # Not about a child: anyone who works with cases may own it.
    services.action_create(
        actor=manager,
        description="Read the guidance",
        owner=world.user("practitioner"),
        due_date=future(),
    )


def test_reassigning_an_action_about_a_child_follows_the_same_rule(world: World) -> None:
    manager = world.user("team_manager")
    action = make_action(world.user("practitioner"), manager, child_ref="REF-OWN")
    with pytest.raises(InvalidInput) as refused:
        services.action_reassign(
            actor=manager,
            action=action,
            owner=world.user("other_practitioner"),
            version=1,
            reason="Leave",
        )
    assert "owner" in refused.value.errors
    action.refresh_from_db()
    assert action.owner == world.user("practitioner") and action.version == 1


def test_changes_go_through_the_write_path_with_field_level_trail(world: World) -> None:
    owner = world.user("practitioner")
    action = make_action(owner, world.user("team_manager"), child_ref="REF-OWN")
    services.action_set_status(actor=owner, action=action, status="in_progress", version=1)
    event = AuditEvent.objects.filter(object_type="actions.action").latest("id")
    assert event.changes["status"] == ["open", "in_progress"]
    assert event.child_ref == "REF-OWN" and event.actor == owner


def test_nobody_is_told_of_a_change_that_was_rolled_back(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    owner = world.user("practitioner")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.action_create(
            actor=world.user("team_manager"),
            description="Rolled back",
            owner=owner,
            due_date=future(),
        )
        transaction.set_rollback(True)
    assert not Notification.objects.filter(user=owner).exists()


GRADES = re.compile(r"\b(outstanding|good|requires improvement|inadequate)\b", re.IGNORECASE)


def test_notifications_name_no_child_no_words_of_the_action_and_no_grade(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    manager, owner = world.user("team_manager"), world.user("practitioner")
    other = world.user("business_support")
    owner.line_manager = world.user("service_manager")
    owner.save()
    words = "REF-OWN: practice inadequate, make the plan good"
    with django_capture_on_commit_callbacks(execute=True):
        action = services.action_create(
            actor=manager,
            description=words,
            owner=owner,
            due_date=future(),
            team=world.team_a,
            child_ref="REF-OWN",
        )
        action = services.action_change_due(
            actor=manager, action=action, due_date=future(20), version=1, reason="inadequate"
        )
        action = services.action_reassign(
            actor=manager, action=action, owner=other, version=2, reason="REF-OWN leave"
        )
        action = services.action_set_status(
            actor=other, action=action, status="done", version=3, note="REF-OWN good"
        )
    reminded = make_action(owner, manager, child_ref="REF-OWN", description=words)
    Action.objects.filter(pk=reminded.pk).update(due_date="2026-01-05")
    with django_capture_on_commit_callbacks(execute=True):
        services.actions_send_reminders(
            now=datetime(2026, 2, 2, 9, tzinfo=ZoneInfo("Europe/London"))
        )
    texts = list(Notification.objects.values_list("text", flat=True))
    assert len(texts) >= 6
    for text in texts:
        assert "REF-" not in text and not GRADES.search(text), text
        assert "plan" not in text and "practice" not in text, text


def test_opening_an_action_about_a_child_is_in_the_trail(world: World, client_for: Any) -> None:
    action = make_action(
        world.user("practitioner"), world.user("team_manager"), child_ref="REF-OWN"
    )
    assert client_for("team_manager").get(f"/actions/{action.pk}/").status_code == 200
    seen = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, object_id=str(action.pk))
    assert seen.child_ref == "REF-OWN" and seen.actor == world.user("team_manager")
    client_for("practitioner").get("/actions/")
    listed = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).latest("id")
    assert listed.actor == world.user("practitioner") and listed.object_id == str(action.pk)
