"""Changing an action, each change through the one write path (`core.writes.change`).

Each change takes the `version` the caller read: the row is locked, the policy
asked of the stored action (its owner may have changed since the caller read
it), a stale version refused with ConflictError and nothing saved, so two
people editing at once never lose each other's work. Each change bumps the
version, adds an ActionUpdate (the action's own history) and one trail event
with the fields that changed; notifications go once the change is committed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from assure.core import clock, writes
from assure.core.errors import InvalidInput
from assure.org.models import User

from ..models import Action, ActionUpdate
from ..policy import ACTIONS
from .common import (
    check_due,
    check_owner,
    day_label,
    history,
    notify_after_commit,
    person,
    required_text,
)

_ROWS = Action.objects.select_related("owner", "created_by")


def _has_evidence(action: Action) -> bool:
    return action.updates.filter(kind=ActionUpdate.Kind.EVIDENCE).exists()


def action_set_status(
    *, actor: Any, action: Action, status: str, version: int, note: str = ""
) -> Action:
    """Move an action on. Done needs evidence given before, or a note saying what was done."""
    with writes.change(
        _ROWS, action.pk, actor=actor, version=version, policy=ACTIONS, action="work_on"
    ) as c:
        current = c.obj
        if status not in Action.Status.values:
            raise InvalidInput({"status": "Choose a status"})
        note = (note or "").strip()
        if status == current.status:
            raise InvalidInput(
                {"status": f"The action is already {current.get_status_display().lower()}"}
            )
        if status == Action.Status.DONE and not note and not _has_evidence(current):
            raise InvalidInput(
                {"note": "Say what was done, or add evidence before marking the action done"}
            )
        if status == Action.Status.CANCELLED and not note:
            raise InvalidInput({"note": "Say why the action is no longer needed"})
        old_label = current.get_status_display()
        c.set(
            status=status,
            completed_at=clock.now() if status == Action.Status.DONE else None,
        )
        new_label = current.get_status_display()
        history(
            current,
            actor=actor,
            kind=ActionUpdate.Kind.STATUS,
            from_value=old_label,
            to_value=new_label,
            text=note,
        )
        c.commit(
            summary=f"Action {current.pk}: {old_label.lower()} to {new_label.lower()}",
            child_ref=current.child_ref,
        )
        if status in (Action.Status.DONE, Action.Status.CANCELLED):
            notify_after_commit(
                [current.owner, current.created_by],
                actor=actor,
                text=f"{person(actor)} marked an action {new_label.lower()}.",
                action=current,
            )
    return current


def action_add_evidence(*, actor: Any, action: Action, text: str, version: int) -> Action:
    """Record what was done (in words: Assure keeps no files about a child)."""
    with writes.change(
        _ROWS, action.pk, actor=actor, version=version, policy=ACTIONS, action="work_on"
    ) as c:
        text = required_text(text, "text", "Describe the evidence")
        history(c.obj, actor=actor, kind=ActionUpdate.Kind.EVIDENCE, text=text)
        c.commit(
            summary=f"Added evidence to action {c.obj.pk}",
            child_ref=c.obj.child_ref,
            extra={"evidence": len(text)},
        )
    return c.obj


def action_comment(*, actor: Any, action: Action, text: str, version: int) -> Action:
    """A note on the record, for example a moderator's check of an auditor's action."""
    with writes.change(
        _ROWS, action.pk, actor=actor, version=version, policy=ACTIONS, action="work_on"
    ) as c:
        text = required_text(text, "text", "Enter a comment")
        history(c.obj, actor=actor, kind=ActionUpdate.Kind.COMMENT, text=text)
        c.commit(summary=f"Commented on action {c.obj.pk}", child_ref=c.obj.child_ref)
    return c.obj


def action_reassign(
    *, actor: Any, action: Action, owner: User, version: int, reason: str
) -> Action:
    """Give the action to someone else; both are told, and reminders start afresh.

    The new owner must be someone who may see the child the action is about.
    """
    with writes.change(
        _ROWS, action.pk, actor=actor, version=version, policy=ACTIONS, action="redirect"
    ) as c:
        current = c.obj
        check_owner(owner, child_ref=current.child_ref)
        reason = required_text(reason, "reason", "Say why the action is changing hands")
        if owner.pk == current.owner_id:
            raise InvalidInput({"owner": "Choose someone other than the current owner"})
        previous = current.owner
        c.set(owner=owner, reminded_at=None, escalated_at=None)
        history(
            current,
            actor=actor,
            kind=ActionUpdate.Kind.REASSIGNED,
            from_value=str(previous),
            to_value=str(owner),
            text=reason,
        )
        c.commit(
            summary=f"Reassigned action {current.pk} to {owner.username}",
            child_ref=current.child_ref,
            extra={"owner": [previous.username, owner.username]},
        )
        notify_after_commit(
            [owner],
            actor=actor,
            text=f"{person(actor)} passed an action to you, due {day_label(current.due_date)}.",
            action=current,
        )
        notify_after_commit(
            [previous],
            actor=actor,
            text=f"{person(actor)} passed an action of yours to {owner}.",
            action=current,
        )
    return current


def action_change_due(
    *, actor: Any, action: Action, due_date: date, version: int, reason: str
) -> Action:
    """Move the due date, with a reason; reminders start afresh from the new date."""
    with writes.change(
        _ROWS, action.pk, actor=actor, version=version, policy=ACTIONS, action="redirect"
    ) as c:
        current = c.obj
        check_due(due_date)
        reason = required_text(reason, "reason", "Say why the due date is changing")
        if due_date == current.due_date:
            raise InvalidInput({"due_date": "Enter a date different from the current due date"})
        old = current.due_date
        c.set(due_date=due_date, reminded_at=None, escalated_at=None)
        history(
            current,
            actor=actor,
            kind=ActionUpdate.Kind.DUE_DATE,
            from_value=day_label(old),
            to_value=day_label(due_date),
            text=reason,
        )
        c.commit(
            summary=f"Moved action {current.pk} due date to {due_date.isoformat()}",
            child_ref=current.child_ref,
        )
        notify_after_commit(
            [current.owner],
            actor=actor,
            text=f"{person(actor)} moved the due date of your action to {day_label(due_date)}.",
            action=current,
        )
    return current
