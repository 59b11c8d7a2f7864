"""What every part of the audit history shares: the demo's constants, moments in
working hours, and bulk inserts that keep the historical times they are given."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from assure.actions.models import Action, ActionUpdate
from assure.audits.models import (
    AppreciativeInquiry,
    Audit,
    AuditChange,
    CalendarEntry,
    Moderation,
    Sample,
)
from assure.core.models import AuditEvent
from assure.core.working_days import add_working_days
from assure.org.models import User

SEED = 20261127
PER_ROUND = 160
# Worst first: index + 1 is the grade's rank (models.GRADE_RANK).
RANKED = ["inadequate", "requires_improvement", "good", "outstanding"]
DEMO_TEAM = "Ashmere Family Support"
# The demo auditor also audits cases of the other teams the demo moderator covers.
DEMO_AUDITOR_SHARE_PAST = 6
DEMO_AUDITOR_SHARE_NOW = 20
DEMO_AUDITOR_SUBMITTED = 6


def when(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def working_on_or_after(day: date) -> date:
    """`day` if it is a working day, else the next one."""
    return add_working_days(day - timedelta(days=1), 1)


def some_day(rng: random.Random, first: date, last: date) -> date:
    """A working day between `first` and `last` (or `first` itself when the range is empty)."""
    span = max(0, (last - first).days)
    return working_on_or_after(first + timedelta(days=rng.randint(0, span)))


def later(rng: random.Random, after: datetime, day: date) -> datetime:
    """A working-hours moment on `day`, strictly after `after`."""
    moment = when(day, rng.randint(9, 16), rng.randint(0, 59))
    if moment <= after:
        moment = after + timedelta(minutes=rng.randint(5, 90))
    return moment


@dataclass(frozen=True)
class CycleMonths:
    """A cycle's months as its calendar sets them (`services.cycle_calendar_create`):
    each round's audit month and the moderation month after it."""

    entries: dict[tuple[str, int | None], CalendarEntry]

    @classmethod
    def of(cls, entries: list[CalendarEntry]) -> CycleMonths:
        return cls({(e.kind, e.round): e for e in entries})

    def audit(self, rnd: int) -> CalendarEntry:
        return self.entries[(CalendarEntry.Kind.AUDIT, rnd)]

    def moderation(self, rnd: int) -> CalendarEntry:
        return self.entries[(CalendarEntry.Kind.MODERATION, rnd)]


def cycle_number(starts_on: date) -> int:
    return (starts_on.month - 1) // 4 + 1


HISTORICAL_FIELDS: tuple[tuple[type[models.Model], str], ...] = (
    (Sample, "drawn_at"),
    (Audit, "allocated_at"),
    (AuditChange, "at"),
    (Moderation, "recorded_at"),
    (Action, "created"),
    (ActionUpdate, "at"),
    (AppreciativeInquiry, "recorded_at"),
    (AuditEvent, "at"),
)


def event(
    actor: User | None,
    at: datetime,
    action: str,
    obj: models.Model,
    summary: str,
    *,
    child_ref: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent(
        at=at,
        actor=actor,
        actor_username=actor.username if actor is not None else "assure",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        child_ref=child_ref,
        summary=summary[:300],
        changes=changes or {},
    )
