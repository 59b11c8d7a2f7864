"""Reads of actions, scoped to the person asking (DESIGN.md invariant 2).

A person sees an action when they own it, raised it, line-manage its owner,
hold the case scope that covers the action's team (or the owner, for people
who see their own cases), or work in the QA unit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from assure.core.policy import access_for, case_filter
from assure.core.roles import Perm

from .models import Action, ActionUpdate

_RELATED = ("owner", "created_by", "team")


def _visible_q(user: Any) -> Q | None:
    access = access_for(user)
    if Perm.VIEW_HOME not in access.perms:
        return None
    if Perm.RUN_QA in access.perms or (Perm.VIEW_CASES in access.perms and access.all_teams):
        return Q()  # the QA unit and directorate-wide roles see every action
    q = Q(owner=user) | Q(created_by=user) | Q(owner__line_manager=user)
    if Perm.VIEW_CASES in access.perms:
        q |= case_filter(user, team_field="team", worker_field="owner")
    return q


def actions_visible_to(user: Any) -> QuerySet[Action]:
    q = _visible_q(user)
    if q is None:
        return Action.objects.none()
    return Action.objects.filter(q).select_related(*_RELATED)


def action_for(user: Any, action_id: int) -> Action | None:
    """One action, or None when it does not exist or the user may not see it."""
    return (
        actions_visible_to(user)
        .select_related("owner__line_manager", "owner__team")
        .filter(pk=action_id)
        .first()
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
