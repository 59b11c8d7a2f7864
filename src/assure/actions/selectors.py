"""Reads of actions, scoped to the person asking (DESIGN.md invariant 2).

Who sees which action is the policy's (`ACTIONS.scope`); these are the
questions pages ask of it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import Action, ActionUpdate
from .policy import ACTIONS

_RELATED = ("owner", "created_by", "team")
_DETAIL = ("owner__line_manager", "owner__team")


def actions_visible_to(user: Any) -> QuerySet[Action]:
    return ACTIONS.visible_to(user).select_related(*_RELATED)


def action_for(user: Any, action_id: int) -> Action | None:
    """One action, or None when it does not exist or the user may not see it."""
    return actions_visible_to(user).select_related(*_DETAIL).filter(pk=action_id).first()


def action_read(user: Any, action_id: int) -> Action:
    """One action for a page that shows it: 404 when out of sight, the reading trailed."""
    return ACTIONS.read(
        user, action_id, queryset=Action.objects.select_related(*_RELATED, *_DETAIL)
    )


def actions_owned_by(user: Any) -> QuerySet[Action]:
    if not getattr(user, "is_authenticated", False):
        return Action.objects.none()
    return Action.objects.filter(owner=user).select_related(*_RELATED)


def actions_overseen_by(user: Any) -> QuerySet[Action]:
    """Actions in the user's sight that belong to other people."""
    return actions_visible_to(user).exclude(owner=user)


def actions_for_source(source_type: str, source_id: str | int) -> QuerySet[Action]:
    """The actions one QA activity raised. Not scoped: the caller has already
    checked that the user may see the activity itself; intersect with
    `actions_visible_to` where that does not follow."""
    return Action.objects.filter(source_type=source_type, source_id=str(source_id)).select_related(
        *_RELATED
    )


def action_history(action: Action) -> QuerySet[ActionUpdate]:
    return action.updates.select_related("actor").order_by("at", "id")


def overdue_first(actions: QuerySet[Action], today: date) -> QuerySet[Action]:
    """Overdue first, then the rest still to do by due date, then finished ones."""
    rank = Case(
        When(status__in=Action.OUTSTANDING, due_date__lt=today, then=Value(0)),
        When(status__in=Action.OUTSTANDING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return actions.annotate(rank=rank).order_by("rank", "due_date", "id")
