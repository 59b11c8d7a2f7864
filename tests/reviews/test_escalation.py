"""Escalation is set-based and idempotent, and its history and notifications match."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from assure.core.models import Notification
from assure.org.models import RoleAssignment
from assure.reviews import services
from assure.reviews.models import AlertEvent, PracticeAlert
from tests.conftest import World, make_user
from tests.reviews.conftest import qa_answers

LONDON = ZoneInfo("Europe/London")
RAISED = datetime(2026, 11, 2, 10, tzinfo=LONDON)


def raise_alerts(world: World, n: int, *, mixed: bool = True) -> list[PracticeAlert]:
    chair = world.user("cp_chair")
    out = []
    for i in range(n):
        case = world.cases["own" if i % 2 or not mixed else "other_area"]
        meeting = services.meeting_create(
            actor=chair, kind="cp_conference", date=date(2026, 11, 2), case=case, chair=chair
        )
        services.meeting_qa_record(
            actor=chair,
            meeting_id=meeting.pk,
            responses=qa_answers("cp_conference"),
            grade="inadequate",
            concern=f"Concern {i}",
            now=RAISED,
        )
        out.append(meeting.alerts.get())
    return out


@pytest.mark.django_db
def test_escalation_moves_each_overdue_alert_once_to_the_next_owner(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    manager_b = make_user("manager-b", team=world.team_b)
    RoleAssignment.objects.create(user=manager_b, role="team_manager", team=world.team_b)
    world.team_b.manager = manager_b
    world.team_b.save()
    alerts = raise_alerts(world, 6)
    assert {a.stage for a in alerts} == {1}
    responded = alerts[0]
    services.alert_respond(actor=responded.owner, alert_id=responded.pk, text="On it")
    later = RAISED + timedelta(days=10)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.alerts_escalate(now=later) == 5
    assert services.alerts_escalate(now=later) == 0
    moved = PracticeAlert.objects.exclude(pk=responded.pk)
    # Team A (North) goes to its service manager; team B (South) has none: the assistant
    # director of the South has none either, so the director answers.
    team_a = moved.filter(team=world.team_a)
    assert {(a.stage, a.owner_id) for a in team_a} == {(2, world.user("service_manager").pk)}
    team_b = moved.filter(team=world.team_b)
    assert {(a.stage, a.owner_id) for a in team_b} == {(4, world.user("director").pk)}
    assert all(a.version == 2 and a.due > later for a in moved)
    assert PracticeAlert.objects.get(pk=responded.pk).stage == 1
    for alert in moved:
        kinds = list(alert.events.values_list("kind", "stage"))
        assert kinds == [("raised", 1), ("escalated", alert.stage)]
        assert Notification.objects.filter(
            user=alert.owner, kind="alert_escalated", object_id=str(alert.pk)
        ).exists()
    assert len(mail.outbox) == 5
    assert AlertEvent.objects.filter(kind="escalated").count() == 5


@pytest.mark.django_db
def test_the_command_prints_what_it_did(world: World) -> None:
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    raise_alerts(world, 2, mixed=False)
    out = StringIO()
    call_command("alerts_escalate", "--now", "2026-11-20T09:00", stdout=out)
    call_command("alerts_escalate", "--now", "2026-11-20T09:00", stdout=out)
    assert out.getvalue().splitlines() == [
        "Escalated 2 practice alerts.",
        "Escalated 0 practice alerts.",
    ]
