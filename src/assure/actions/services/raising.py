"""Raising an action: checked, written and trailed in one transaction; the owner told after."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from assure.core import trail
from assure.core.models import AuditEvent
from assure.org.models import Team, User

from ..models import Action, ActionUpdate
from ..policy import ACTIONS, RAISE_REFUSED
from .common import (
    check_due,
    check_owner,
    day_label,
    history,
    notify_after_commit,
    person,
    required_text,
)


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
    """Raise an action for `owner`, who is told once it is saved.

    An action about a child (`child_ref`) goes only to someone who may see that
    child's case: the policy refuses anyone else, on the `owner` field.
    """
    if not ACTIONS.may_raise_for(actor, owner):
        raise PermissionDenied(RAISE_REFUSED + ".")
    description = required_text(description, "description", "Describe what needs to be done")
    check_due(due_date)
    child_ref = child_ref.strip()[:40]
    check_owner(owner, child_ref=child_ref)
    action = Action.objects.create(
        description=description,
        owner=owner,
        created_by=actor,
        due_date=due_date,
        source_type=source_type[:40],
        source_id=str(source_id)[:60],
        team=team,
        child_ref=child_ref,
    )
    history(
        action,
        actor=actor,
        kind=ActionUpdate.Kind.CREATED,
        to_value=f"for {owner}, due {day_label(due_date)}",
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=action,
        child_ref=action.child_ref,
        summary=f"Raised action {action.pk} for {owner.username}",
        changes={
            "owner": owner.username,
            "due_date": due_date.isoformat(),
            "source": f"{source_type}:{source_id}" if source_type else "",
            "team": str(team) if team else "",
        },
    )
    notify_after_commit(
        [owner],
        actor=actor,
        text=f"{person(actor)} gave you an action, due {day_label(due_date)}.",
        action=action,
    )
    return action
