"""Every change to an action: checked, written, recorded and announced in one transaction.

Each change takes the `version` the caller read; a stale version raises
ConflictError and changes nothing, so two people editing at once never lose
each other's work. Each change bumps the version and adds an ActionUpdate,
the action's own history, besides the event in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assure.core import clock, trail
from assure.core.errors import ConflictError, InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.core.working_days import working_days_between
from assure.org.models import Team, User

from .models import Action, ActionUpdate
from .policy import may_raise_for, may_redirect, may_work_on

# An overdue action is raised with the owner's line manager this many working
# days after its due date.
ESCALATE_AFTER_WORKING_DAYS = 5
NOTIFICATION_KIND = "action"


def day_label(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _link(action: Action) -> str:
    return reverse("actions:detail", args=[action.pk])


def _person(user: Any) -> str:
    return str(user) if user is not None else "Assure"


def _lock(action: Action, version: int, *, allowed: Any, what: str) -> Action:
    """The stored action, locked for this transaction.

    Permission is asked of the stored action (its owner may have changed since
    the caller read it), then the caller's `version` must still be current.
    """
    current = (
        Action.objects.select_for_update(of=("self",))
        .select_related("owner", "created_by")
        .get(pk=action.pk)
    )
    if not allowed(current):
        raise PermissionDenied(f"You may not {what} this action.")
    if current.version != version:
        raise ConflictError("This action changed since you opened it.")
    return current


def _save(action: Action, fields: list[str]) -> None:
    action.version += 1
    action.save(update_fields=[*fields, "version"])


def _history(
    action: Action,
    *,
    actor: Any,
    kind: str,
    from_value: str = "",
    to_value: str = "",
    text: str = "",
) -> ActionUpdate:
    return ActionUpdate.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        from_value=from_value[:200],
        to_value=to_value[:200],
        text=text,
    )


def _audit(
    actor: Any, action: Action, kind: AuditEvent.Action, summary: str, changes: dict[str, Any]
) -> None:
    trail.record(
        actor=actor,
        action=kind,
        summary=summary,
        obj=action,
        child_ref=action.child_ref,
        changes=changes,
        username="" if actor is not None else "assure",
    )


def _notify(recipients: list[Any], *, actor: Any, text: str, action: Action) -> None:
    """Tell people about a change, never the person who made it."""
    others = [r for r in recipients if r is not None and (actor is None or r.pk != actor.pk)]
    if others:
        notification_send(
            recipients=others,
            kind=NOTIFICATION_KIND,
            text=text,
            link=_link(action),
            obj=action,
        )


def _require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"You may not {what} this action.")


def _today() -> date:
    return clock.today()


def _check_due(due_date: date | None, field_name: str = "due_date") -> date:
    if due_date is None:
        raise InvalidInput({field_name: "Enter the date the action is due"})
    if due_date < _today():
        raise InvalidInput({field_name: "The due date must be today or in the future"})
    return due_date


def _check_owner(owner: User) -> None:
    """An owner must be able to sign in and open the action (they work with cases)."""
    if not owner.is_active:
        raise InvalidInput({"owner": "Choose someone who can still sign in to Assure"})
    if not has_perm(owner, Perm.VIEW_CASES):
        raise InvalidInput({"owner": "Choose someone whose role lets them open case actions"})


def _text(value: str, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput({field_name: message})
    return value


@transaction.atomic
def action_create(
    *,
    actor: Any,
    description: str,
    owner: User,
    due_date: date,
    source_type: str = "",
    source_id: str = "",
    team: Team | None = None,
    child_ref: str = "",
) -> Action:
    """Raise an action for `owner`, who is told at once."""
    _require(may_raise_for(actor, owner), "raise")
    description = _text(description, "description", "Describe what needs to be done")
    _check_due(due_date)
    _check_owner(owner)
    action = Action.objects.create(
        description=description,
        owner=owner,
        created_by=actor,
        due_date=due_date,
        source_type=source_type[:40],
        source_id=str(source_id)[:60],
        team=team,
        child_ref=child_ref[:40],
    )
    _history(
        action,
        actor=actor,
        kind=ActionUpdate.Kind.CREATED,
        to_value=f"for {owner}, due {day_label(due_date)}",
    )
    _audit(
        actor,
        action,
        AuditEvent.Action.CREATE,
        f"Raised action {action.pk} for {owner.username}",
        {
            "owner": owner.username,
            "due_date": due_date.isoformat(),
            "source": f"{source_type}:{source_id}" if source_type else "",
            "team": str(team) if team else "",
        },
    )
    _notify(
        [owner],
        actor=actor,
        text=f"{_person(actor)} gave you an action, due {day_label(due_date)}.",
        action=action,
    )
    return action


def _has_evidence(action: Action) -> bool:
    return action.updates.filter(kind=ActionUpdate.Kind.EVIDENCE).exists()


@transaction.atomic
def action_set_status(
    *, actor: Any, action: Action, status: str, version: int, note: str = ""
) -> Action:
    """Move an action on. Done needs evidence given before, or a note saying what was done."""
    current = _lock(action, version, allowed=lambda a: may_work_on(actor, a), what="update")
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
    old = current.status
    old_label = current.get_status_display()
    current.status = status
    current.completed_at = clock.now() if status == Action.Status.DONE else None
    _save(current, ["status", "completed_at"])
    new_label = current.get_status_display()
    _history(
        current,
        actor=actor,
        kind=ActionUpdate.Kind.STATUS,
        from_value=old_label,
        to_value=new_label,
        text=note,
    )
    _audit(
        actor,
        current,
        AuditEvent.Action.UPDATE,
        f"Action {current.pk}: {old_label.lower()} to {new_label.lower()}",
        {"status": [old, status]},
    )
    if status in (Action.Status.DONE, Action.Status.CANCELLED):
        _notify(
            [current.owner, current.created_by],
            actor=actor,
            text=f"{_person(actor)} marked an action {new_label.lower()}.",
            action=current,
        )
    return current


@transaction.atomic
def action_add_evidence(*, actor: Any, action: Action, text: str, version: int) -> Action:
    """Record what was done (in words: Assure keeps no files about a child)."""
    current = _lock(
        action, version, allowed=lambda a: may_work_on(actor, a), what="add evidence to"
    )
    text = _text(text, "text", "Describe the evidence")
    _save(current, [])
    _history(current, actor=actor, kind=ActionUpdate.Kind.EVIDENCE, text=text)
    _audit(
        actor,
        current,
        AuditEvent.Action.UPDATE,
        f"Added evidence to action {current.pk}",
        {"evidence": len(text)},
    )
    return current


@transaction.atomic
def action_comment(*, actor: Any, action: Action, text: str, version: int) -> Action:
    """A note on the record, for example a moderator's check of an auditor's action."""
    current = _lock(action, version, allowed=lambda a: may_work_on(actor, a), what="comment on")
    text = _text(text, "text", "Enter a comment")
    _save(current, [])
    _history(current, actor=actor, kind=ActionUpdate.Kind.COMMENT, text=text)
    _audit(actor, current, AuditEvent.Action.UPDATE, f"Commented on action {current.pk}", {})
    return current


@transaction.atomic
def action_reassign(
    *, actor: Any, action: Action, owner: User, version: int, reason: str
) -> Action:
    """Give the action to someone else; both are told, and reminders start afresh."""
    current = _lock(action, version, allowed=lambda a: may_redirect(actor, a), what="reassign")
    _check_owner(owner)
    reason = _text(reason, "reason", "Say why the action is changing hands")
    if owner.pk == current.owner_id:
        raise InvalidInput({"owner": "Choose someone other than the current owner"})
    previous = current.owner
    current.owner = owner
    current.reminded_at = None
    current.escalated_at = None
    _save(current, ["owner", "reminded_at", "escalated_at"])
    _history(
        current,
        actor=actor,
        kind=ActionUpdate.Kind.REASSIGNED,
        from_value=str(previous),
        to_value=str(owner),
        text=reason,
    )
    _audit(
        actor,
        current,
        AuditEvent.Action.UPDATE,
        f"Reassigned action {current.pk} to {owner.username}",
        {"owner": [previous.username, owner.username]},
    )
    _notify(
        [owner],
        actor=actor,
        text=f"{_person(actor)} passed an action to you, due {day_label(current.due_date)}.",
        action=current,
    )
    _notify(
        [previous],
        actor=actor,
        text=f"{_person(actor)} passed an action of yours to {owner}.",
        action=current,
    )
    return current


@transaction.atomic
def action_change_due(
    *, actor: Any, action: Action, due_date: date, version: int, reason: str
) -> Action:
    """Move the due date, with a reason; reminders start afresh from the new date."""
    current = _lock(
        action, version, allowed=lambda a: may_redirect(actor, a), what="change the due date of"
    )
    _check_due(due_date)
    reason = _text(reason, "reason", "Say why the due date is changing")
    if due_date == current.due_date:
        raise InvalidInput({"due_date": "Enter a date different from the current due date"})
    old = current.due_date
    current.due_date = due_date
    current.reminded_at = None
    current.escalated_at = None
    _save(current, ["due_date", "reminded_at", "escalated_at"])
    _history(
        current,
        actor=actor,
        kind=ActionUpdate.Kind.DUE_DATE,
        from_value=day_label(old),
        to_value=day_label(due_date),
        text=reason,
    )
    _audit(
        actor,
        current,
        AuditEvent.Action.UPDATE,
        f"Moved action {current.pk} due date to {due_date.isoformat()}",
        {"due_date": [old.isoformat(), due_date.isoformat()]},
    )
    _notify(
        [current.owner],
        actor=actor,
        text=f"{_person(actor)} moved the due date of your action to {day_label(due_date)}.",
        action=current,
    )
    return current


# Reminders -------------------------------------------------------------------


@dataclass
class ReminderRun:
    reminded: list[int] = field(default_factory=list)
    escalated: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.reminded)} reminded, {len(self.escalated)} escalated"


def _manager_of(owner: User) -> User | None:
    """The owner's line manager; failing that, their team's manager."""
    manager = owner.line_manager
    if manager is None and owner.team is not None:
        manager = owner.team.manager
    if manager is None or not manager.is_active or manager.pk == owner.pk:
        return None
    return manager


@transaction.atomic
def actions_send_reminders(*, now: datetime) -> ReminderRun:
    """Remind owners of overdue actions once, then tell their manager once.

    An outstanding action past its due date reminds its owner (once: `reminded_at`).
    Still outstanding `ESCALATE_AFTER_WORKING_DAYS` working days after the due
    date, it tells the owner's line manager (once: `escalated_at`). Running this
    again at the same time, or a minute later, changes nothing more. Reminders
    are bookkeeping, not edits, so they leave `version` alone: nobody's open
    form goes stale because Assure sent a reminder.
    """
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    run = ReminderRun()
    overdue = Action.objects.select_for_update(of=("self",)).filter(
        status__in=Action.OUTSTANDING, due_date__lt=today
    )
    to_remind = overdue.filter(reminded_at__isnull=True).select_related("owner")
    for action in to_remind:
        action.reminded_at = now
        action.save(update_fields=["reminded_at"])
        _history(
            action,
            actor=None,
            kind=ActionUpdate.Kind.REMINDED,
            to_value=str(action.owner),
        )
        _audit(None, action, AuditEvent.Action.UPDATE, f"Reminded owner of action {action.pk}", {})
        _notify(
            [action.owner],
            actor=None,
            text=f"An action of yours was due on {day_label(action.due_date)} and is not done yet.",
            action=action,
        )
        run.reminded.append(action.pk)
    # Five working days are at least seven calendar days: the database narrows, Python decides.
    candidates = overdue.filter(
        escalated_at__isnull=True, due_date__lte=today - timedelta(days=7)
    ).select_related("owner__line_manager", "owner__team__manager")
    for action in candidates:
        if working_days_between(action.due_date, today) < ESCALATE_AFTER_WORKING_DAYS:
            continue
        manager = _manager_of(action.owner)
        if manager is None:
            continue  # nobody to tell yet; told once someone manages the owner
        action.escalated_at = now
        action.save(update_fields=["escalated_at"])
        _history(action, actor=None, kind=ActionUpdate.Kind.ESCALATED, to_value=str(manager))
        _audit(
            None,
            action,
            AuditEvent.Action.UPDATE,
            f"Told {manager.username} that action {action.pk} is overdue",
            {},
        )
        notification_send(
            recipients=[manager],
            kind=NOTIFICATION_KIND,
            text=(
                f"An action owned by {action.owner} was due on {day_label(action.due_date)} "
                f"and is still not done."
            ),
            link=_link(action),
            obj=action,
        )
        run.escalated.append(action.pk)
    return run
