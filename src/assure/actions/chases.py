"""What the QA unit can chase among actions: an overdue one, reminding its owner.

Registered with `core.chasing` (once a day at most, trailed); the reminder
also goes into the action's own history as "Owner reminded", beside the ones
Assure sends by itself. It is bookkeeping, not an edit: the version stays, so
nobody's open form goes stale.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from assure.core import clock
from assure.core.chasing import ChaseKind, Reminder, register_chase

from .models import Action, ActionUpdate
from .policy import ACTIONS
from .services.common import day_label, history


def _overdue(actor: Any, action_id: int) -> Reminder | None:
    action = (
        ACTIONS.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("owner")
        .filter(pk=action_id)
        .first()
    )
    if action is None or not action.is_overdue_on(clock.today()):
        return None
    return Reminder(
        obj=action,
        recipients=[action.owner] if action.owner.is_active else [],
        text=(
            f"The QA unit asks after an action of yours: it was due on "
            f"{day_label(action.due_date)} and is not done yet."
        ),
        link=reverse("actions:detail", args=[action.pk]),
        who=str(action.owner),
        child_ref=action.child_ref,
    )


def _history(actor: Any, reminder: Reminder) -> None:
    action = reminder.obj
    assert isinstance(action, Action)
    history(
        action,
        actor=actor,
        kind=ActionUpdate.Kind.REMINDED,
        to_value=reminder.who,
        text="Reminded by the QA unit.",
    )


register_chase(
    ChaseKind(
        key="action_overdue",
        noun="overdue action",
        email_sentence="The QA unit asks after an overdue action of yours.",
        prepare=_overdue,
        history=_history,
    )
)
