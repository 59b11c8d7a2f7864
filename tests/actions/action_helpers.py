"""Making actions for tests, without going through the permission checks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from assure.actions.models import Action, ActionUpdate
from assure.core import clock
from assure.org.models import User


def make_action(owner: User, created_by: User, **values: Any) -> Action:
    values.setdefault("description", "Update the chronology")
    values.setdefault("due_date", clock.today() + timedelta(days=14))
    action = Action.objects.create(owner=owner, created_by=created_by, **values)
    ActionUpdate.objects.create(action=action, actor=created_by, kind=ActionUpdate.Kind.CREATED)
    return action


def future(days: int = 14) -> date:
    return clock.today() + timedelta(days=days)
