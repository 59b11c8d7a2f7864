"""Action services: permission, versions, history, notifications and reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from assure.actions import services
from assure.actions.jobs import actions_remind
from assure.actions.models import Action, ActionUpdate
from assure.core.errors import ConflictError, InvalidInput
from assure.core.models import AuditEvent, Notification
from assure.core.schedule import scheduled_jobs
from tests.actions.action_helpers import future, make_action
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


def _notes(user: object) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def test_raising_an_action_tells_the_owner_and_writes_history(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    manager, owner = world.user("team_manager"), world.user("practitioner")
    with django_capture_on_commit_callbacks(execute=True):
        action = services.action_create(
            actor=manager,
            description="Visit REF-OWN and record the child's views",
            owner=owner,
            due_date=future(),
            source_type="audit",
            source_id="7",
            team=world.team_a,
            child_ref="REF-OWN",
        )
    assert action.version == 1 and action.status == Action.Status.OPEN
    assert [u.kind for u in action.updates.all()] == [ActionUpdate.Kind.CREATED]
    (note,) = Notification.objects.filter(user=owner)
    assert note.link == f"/actions/{action.pk}/"
    assert "REF-OWN" not in note.text  # notifications never carry a child's details
    event = AuditEvent.objects.get(object_type="actions.action", object_id=str(action.pk))
    assert event.action == AuditEvent.Action.CREATE and event.child_ref == "REF-OWN"
    assert not Notification.objects.filter(user=manager).exists()


def test_a_due_date_in_the_past_is_refused(world: World) -> None:
    with pytest.raises(InvalidInput) as error:
        services.action_create(
            actor=world.user("team_manager"),
            description="Too late",
            owner=world.user("practitioner"),
            due_date=date(2020, 1, 1),
        )
    assert "due_date" in error.value.errors
    assert not Action.objects.exists()


def test_who_may_raise_an_action(world: World) -> None:
    practitioner = world.user("practitioner")
    services.action_create(
        actor=practitioner, description="Mine", owner=practitioner, due_date=future()
    )
    for role in ("practitioner", "elected_member", "partner", "director"):
        with pytest.raises(PermissionDenied):
            services.action_create(
                actor=world.user(role),
                description="Someone else's",
                owner=world.user("other_practitioner"),
                due_date=future(),
            )
    for role in ("team_manager", "qa_sso", "cp_chair", "service_manager"):
        services.action_create(
            actor=world.user(role), description="Ok", owner=practitioner, due_date=future()
        )
    assert Action.objects.count() == 5


def test_status_changes_bump_the_version_and_keep_history(world: World) -> None:
    owner = world.user("practitioner")
    action = make_action(owner, world.user("team_manager"))
    action = services.action_set_status(
        actor=owner, action=action, status=Action.Status.IN_PROGRESS, version=1
    )
    assert action.version == 2
    update = action.updates.get(kind=ActionUpdate.Kind.STATUS)
    assert (update.actor, update.from_value, update.to_value) == (
        owner,
        "Not started",
        "In progress",
    )


def test_a_stale_version_changes_nothing(world: World) -> None:
    owner = world.user("practitioner")
    action = make_action(owner, world.user("team_manager"))
    services.action_add_evidence(actor=owner, action=action, text="Plan updated", version=1)
    with pytest.raises(ConflictError):
        services.action_set_status(
            actor=owner, action=action, status=Action.Status.DONE, version=1, note="Done"
        )
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN and action.version == 2
    assert not action.updates.filter(kind=ActionUpdate.Kind.STATUS).exists()


def test_done_needs_evidence_or_a_note(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    owner, manager = world.user("practitioner"), world.user("team_manager")
    action = make_action(owner, manager)
    with pytest.raises(InvalidInput) as error:
        services.action_set_status(actor=owner, action=action, status="done", version=1)
    assert "note" in error.value.errors
    action = services.action_add_evidence(
        actor=owner, action=action, text="Supervision 3 March: plan reviewed", version=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        action = services.action_set_status(actor=owner, action=action, status="done", version=2)
    assert action.completed_at is not None
    assert any("marked an action done" in t for t in _notes(manager))
    # Reopening clears the completion time.
    action = services.action_set_status(
        actor=manager, action=action, status="in_progress", version=3
    )
    assert action.completed_at is None


def test_who_may_work_on_an_action(world: World) -> None:
    owner = world.user("practitioner")
    action = make_action(owner, world.user("team_manager"))
    for role in ("other_practitioner", "director", "elected_member", "service_manager"):
        with pytest.raises(PermissionDenied):
            services.action_add_evidence(
                actor=world.user(role), action=action, text="x", version=action.version
            )
    owner.line_manager = world.user("service_manager")
    owner.save()
    action = Action.objects.select_related("owner").get(pk=action.pk)
    for role in ("practitioner", "team_manager", "service_manager", "qa_pdm"):
        action = services.action_add_evidence(
            actor=world.user(role), action=action, text=f"from {role}", version=action.version
        )
    assert action.updates.filter(kind=ActionUpdate.Kind.EVIDENCE).count() == 4


def test_reassigning_is_for_managers_and_tells_both_owners(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    owner, manager = world.user("practitioner"), world.user("team_manager")
    other = world.user("other_practitioner")
    action = make_action(owner, manager)
    with pytest.raises(PermissionDenied):
        services.action_reassign(actor=owner, action=action, owner=other, version=1, reason="x")
    with pytest.raises(InvalidInput) as error:
        services.action_reassign(actor=manager, action=action, owner=other, version=1, reason="")
    assert "reason" in error.value.errors
    Action.objects.filter(pk=action.pk).update(reminded_at=datetime(2026, 1, 1, tzinfo=LONDON))
    with django_capture_on_commit_callbacks(execute=True):
        action = services.action_reassign(
            actor=manager, action=action, owner=other, version=1, reason="Practitioner on leave"
        )
    assert action.owner == other and action.version == 2 and action.reminded_at is None
    update = action.updates.get(kind=ActionUpdate.Kind.REASSIGNED)
    assert update.text == "Practitioner on leave" and update.to_value == str(other)
    assert any("passed an action to you" in t for t in _notes(other))
    assert any("passed an action of yours" in t for t in _notes(owner))


def test_changing_the_due_date_needs_a_reason_and_a_future_date(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    owner, qa = world.user("practitioner"), world.user("qa_manager")
    action = make_action(owner, world.user("team_manager"))
    with pytest.raises(PermissionDenied):
        services.action_change_due(
            actor=owner, action=action, due_date=future(30), version=1, reason="Busy"
        )
    with pytest.raises(InvalidInput):
        services.action_change_due(
            actor=qa, action=action, due_date=date(2020, 1, 1), version=1, reason="x"
        )
    with django_capture_on_commit_callbacks(execute=True):
        action = services.action_change_due(
            actor=qa,
            action=action,
            due_date=future(30),
            version=1,
            reason="Waiting for a CP review",
        )
    assert action.due_date == future(30)
    assert action.updates.filter(kind=ActionUpdate.Kind.DUE_DATE).count() == 1
    assert any("moved the due date" in t for t in _notes(owner))


# Reminders ---------------------------------------------------------------------


@pytest.fixture
def remind(django_capture_on_commit_callbacks: Any) -> Callable[[datetime], Any]:
    """Run the job as the scheduler does: its own transaction, notifications once committed."""

    def run(now: datetime) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return actions_remind(now)

    return run


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def test_reminders_go_once_then_escalate_once_skipping_bank_holidays(
    world: World, remind: Callable[[datetime], Any]
) -> None:
    owner, manager = world.user("practitioner"), world.user("team_manager")
    boss = world.user("service_manager")
    owner.line_manager = boss
    owner.save()
    # Due Thursday 2 April 2026; Good Friday (3rd) and Easter Monday (6th) are bank holidays.
    action = make_action(owner, manager, due_date=date(2026, 4, 2))
    done = make_action(owner, manager, due_date=date(2026, 4, 1), status=Action.Status.DONE)

    assert remind(_at(date(2026, 4, 2))).reminded == []  # due today: not late yet
    run = remind(_at(date(2026, 4, 3)))
    assert run.reminded == [action.pk] and run.escalated == []
    assert len(_notes(owner)) == 1
    assert remind(_at(date(2026, 4, 3), 10)).reminded == []  # idempotent
    assert len(_notes(owner)) == 1

    # Friday 10 April is only the 4th working day after the due date (7, 8, 9, 10).
    assert remind(_at(date(2026, 4, 10))).escalated == []
    assert _notes(boss) == []
    run = remind(_at(date(2026, 4, 13)))  # the 5th working day
    assert run.escalated == [action.pk]
    assert len(_notes(boss)) == 1 and "still not done" in _notes(boss)[0]
    again = remind(_at(date(2026, 4, 13), 10))
    assert (again.reminded, again.escalated) == ([], [])
    assert len(_notes(boss)) == 1 and len(_notes(owner)) == 1

    action.refresh_from_db()
    assert action.reminded_at is not None and action.escalated_at is not None
    assert action.version == 1  # reminders never make an open form stale
    kinds = list(action.updates.values_list("kind", flat=True))
    assert kinds == ["created", "reminded", "escalated"]
    done.refresh_from_db()
    assert done.reminded_at is None


def test_escalation_falls_back_to_the_team_manager(
    world: World, remind: Callable[[datetime], Any]
) -> None:
    owner, manager = world.user("practitioner"), world.user("team_manager")
    world.team_a.manager = manager
    world.team_a.save()
    action = make_action(owner, world.user("qa_pdm"), due_date=date(2026, 3, 2))
    run = remind(_at(date(2026, 3, 20)))
    assert run.reminded == [action.pk] and run.escalated == [action.pk]
    assert len(_notes(manager)) == 1


def test_no_manager_means_no_escalation_yet(
    world: World, remind: Callable[[datetime], Any]
) -> None:
    owner = world.user("practitioner")
    action = make_action(owner, world.user("qa_pdm"), due_date=date(2026, 3, 2))
    run = remind(_at(date(2026, 3, 20)))
    assert run.escalated == []
    action.refresh_from_db()
    assert action.escalated_at is None


def test_the_command_runs_the_job_for_a_given_time(world: World) -> None:
    action = make_action(
        world.user("practitioner"), world.user("team_manager"), due_date=date(2026, 4, 2)
    )
    out = StringIO()
    call_command("actions_remind", "--now", "2026-04-07T08:00", stdout=out)
    assert "1 reminded, 0 escalated" in out.getvalue()
    action.refresh_from_db()
    assert action.reminded_at == _at(date(2026, 4, 7), 8)


def test_the_job_is_scheduled_hourly() -> None:
    jobs = {j.name: j for j in scheduled_jobs()}
    assert jobs["assure.actions.jobs.actions_remind"].minutes == 60


def test_comment_is_history(world: World) -> None:
    action = make_action(world.user("practitioner"), world.user("team_manager"))
    action = services.action_comment(
        actor=world.user("team_manager"), action=action, text="Checked at moderation", version=1
    )
    assert action.updates.filter(kind=ActionUpdate.Kind.COMMENT).count() == 1
    assert action.version == 2


def test_an_owner_must_be_able_to_open_the_action(world: World) -> None:
    for role in ("elected_member", "partner", "nobody"):
        with pytest.raises(InvalidInput) as error:
            services.action_create(
                actor=world.user("qa_pdm"),
                description="Not for them",
                owner=world.user(role),
                due_date=future(),
            )
        assert "owner" in error.value.errors
