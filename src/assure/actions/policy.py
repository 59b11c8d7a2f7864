"""Who may do what to an action. Services enforce it; pages ask it to show or hide forms.

- Working on an action (progress, evidence, completing it): its owner, whoever
  raised it, the owner's line manager, and the QA unit (Perm.RUN_QA).
- Redirecting it (a new owner, a new due date): whoever raised it, the owner's
  line manager and the QA unit, not the owner alone: an owner who cannot meet
  a date asks their manager, so the change is a manager's decision on record.
- Raising one: anyone who runs a QA activity (auditors, moderators, chairs, the
  QA unit), a line manager for the people they manage, and anyone for themselves.
"""

from __future__ import annotations

from typing import Any

from assure.core.policy import access_for
from assure.core.roles import Perm

from .models import Action

RAISING_PERMS = frozenset({Perm.AUDIT_CASES, Perm.MODERATE, Perm.CHAIR_QA, Perm.RUN_QA})


def _signed_in(user: Any) -> bool:
    return Perm.VIEW_HOME in access_for(user).perms


def is_qa_unit(user: Any) -> bool:
    return Perm.RUN_QA in access_for(user).perms


def is_line_manager_of_owner(user: Any, action: Action) -> bool:
    # `owner` is select_related by the selectors, so this costs no query there.
    return action.owner.line_manager_id == user.pk


def may_work_on(user: Any, action: Action) -> bool:
    if not _signed_in(user):
        return False
    return (
        action.owner_id == user.pk
        or action.created_by_id == user.pk
        or is_line_manager_of_owner(user, action)
        or is_qa_unit(user)
    )


def may_redirect(user: Any, action: Action) -> bool:
    if not _signed_in(user):
        return False
    return (
        action.created_by_id == user.pk
        or is_line_manager_of_owner(user, action)
        or is_qa_unit(user)
    )


def may_raise_for(user: Any, owner: Any) -> bool:
    access = access_for(user)
    if Perm.VIEW_HOME not in access.perms:
        return False
    return bool(
        access.perms & RAISING_PERMS or owner.pk == user.pk or owner.line_manager_id == user.pk
    )
