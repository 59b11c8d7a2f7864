"""The reminders Assure sends by itself: to owners of overdue actions, then to their managers.

Not through `writes.change`: that bumps the version, and reminders are
bookkeeping, not edits; nobody's open form may go stale because Assure sent a
reminder. They still lock the rows, keep the action's history, write the trail
and notify only once committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from assure.core import trail
from assure.core.models import AuditEvent
from assure.core.working_days import working_days_between
from assure.org.models import User

from ..models import Action, ActionUpdate
from .common import ESCALATE_AFTER_WORKING_DAYS, day_label, history, notify_after_commit


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


def _trail(action: Action, summary: str) -> None:
    trail.record(
        actor=None,
        username="assure",
        action=AuditEvent.Action.UPDATE,
        obj=action,
        child_ref=action.child_ref,
        summary=summary,
    )


@transaction.atomic
def actions_send_reminders(*, now: datetime) -> ReminderRun:
    """Remind owners of overdue actions once, then tell their manager once.

    An outstanding action past its due date reminds its owner (once: `reminded_at`).
    Still outstanding `ESCALATE_AFTER_WORKING_DAYS` working days after the due
    date, it tells the owner's line manager (once: `escalated_at`). Running this
    again at the same time, or a minute later, changes nothing more.
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
        history(action, actor=None, kind=ActionUpdate.Kind.REMINDED, to_value=str(action.owner))
        _trail(action, f"Reminded owner of action {action.pk}")
        notify_after_commit(
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
    from assure.authority import settings_reader

    closures = settings_reader.closure_days()
    for action in candidates:
        if working_days_between(action.due_date, today, closures=closures) < (
            ESCALATE_AFTER_WORKING_DAYS
        ):
            continue
        manager = _manager_of(action.owner)
        if manager is None:
            continue  # nobody to tell yet; told once someone manages the owner
        action.escalated_at = now
        action.save(update_fields=["escalated_at"])
        history(action, actor=None, kind=ActionUpdate.Kind.ESCALATED, to_value=str(manager))
        _trail(action, f"Told {manager.username} that action {action.pk} is overdue")
        notify_after_commit(
            [manager],
            actor=None,
            text=(
                f"An action owned by {action.owner} was due on {day_label(action.due_date)} "
                f"and is still not done."
            ),
            action=action,
        )
        run.escalated.append(action.pk)
    return run
