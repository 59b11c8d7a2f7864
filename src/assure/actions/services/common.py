"""What the action services share: dates in words, history rows, checks and notifications."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse

from assure.core import clock
from assure.core.errors import InvalidInput
from assure.core.notifications import notification_send
from assure.org.models import User

from ..models import Action, ActionUpdate
from ..policy import ACTIONS

# An overdue action is raised with the owner's line manager this many working
# days after its due date.
ESCALATE_AFTER_WORKING_DAYS = 5
NOTIFICATION_KIND = "action"


def day_label(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def person(user: Any) -> str:
    return str(user) if user is not None else "Assure"


def history(
    action: Action,
    *,
    actor: Any,
    kind: str,
    from_value: str = "",
    to_value: str = "",
    text: str = "",
) -> ActionUpdate:
    """One row of the action's own history (the trail has the field-level change)."""
    return ActionUpdate.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        from_value=from_value[:200],
        to_value=to_value[:200],
        text=text,
    )


def check_due(due_date: date | None, field_name: str = "due_date") -> date:
    if due_date is None:
        raise InvalidInput({field_name: "Enter the date the action is due"})
    if due_date < clock.today():
        raise InvalidInput({field_name: "The due date must be today or in the future"})
    return due_date


def check_owner(owner: User, *, child_ref: str) -> None:
    """The policy says who may own an action (about this child); refused on `owner`."""
    problem = ACTIONS.owner_problem(owner, child_ref=child_ref)
    if problem:
        raise InvalidInput({"owner": problem})


def required_text(value: str, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput({field_name: message})
    return value


def notify_after_commit(recipients: list[Any], *, actor: Any, text: str, action: Action) -> None:
    """Tell people about a change once it is committed, never the person who made it.

    Notifications leave Assure by email, which may be read anywhere: the text
    says who did what and when, never the child's reference, the action's own
    words (they may name the child) or a grade. Only the link leads to them.
    """
    others = [r for r in recipients if r is not None and (actor is None or r.pk != actor.pk)]
    if not others:
        return
    transaction.on_commit(
        partial(
            notification_send,
            recipients=others,
            kind=NOTIFICATION_KIND,
            text=text,
            link=reverse("actions:detail", args=[action.pk]),
            obj=action,
        )
    )
