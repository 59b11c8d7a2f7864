"""Reads of meetings, alerts and appreciations, scoped to the user asking.

The scope itself is the record policies' (`policy.py`); these name the lists
pages, the API and the home panels ask for.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from assure.core import clock

from .models import Appreciation, Meeting, PracticeAlert
from .policy import ALERTS, APPRECIATIONS, MEETINGS
from .stages import STAGES


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return MEETINGS.visible_to(user)


def meetings_awaiting_qa(user: Any) -> QuerySet[Meeting]:
    """Meetings this chair chaired and has not yet quality-assured."""
    return meetings_visible_to(user).filter(chair=user, qa__isnull=True).order_by("date", "id")


def meetings_due_midway(user: Any, *, today: date | None = None) -> QuerySet[Meeting]:
    """This chair's quality-assured meetings of six weeks to six months ago with no mid-way
    review yet, oldest first."""
    today = today or clock.today()
    return (
        meetings_visible_to(user)
        .filter(
            chair=user,
            qa__isnull=False,
            midway_reviews__isnull=True,
            date__lte=today - timedelta(weeks=6),
            date__gte=today - timedelta(weeks=26),
        )
        .order_by("date", "id")
    )


def alerts_visible_to(user: Any) -> QuerySet[PracticeAlert]:
    return ALERTS.visible_to(user)


def appreciations_visible_to(user: Any) -> QuerySet[Appreciation]:
    return APPRECIATIONS.visible_to(user)


def alerts_by_stage(alerts: QuerySet[PracticeAlert], *, now: Any) -> list[dict[str, int]]:
    """Unresolved alerts per stage: waiting for the stage's response (and of those, overdue),
    and answered, waiting for the chair. One grouped query, every stage present."""
    status = PracticeAlert.Status
    counted: dict[int, dict[str, Any]] = {
        row["stage"]: dict(row)
        for row in alerts.exclude(status=status.RESOLVED)
        .values("stage")
        .annotate(
            waiting=Count("id", filter=Q(status=status.OPEN)),
            overdue=Count("id", filter=Q(status=status.OPEN, due__lt=now)),
            responded=Count("id", filter=Q(status=status.RESPONDED)),
        )
        .order_by()
    }
    out = []
    for stage in sorted(STAGES):
        row = counted.get(stage, {})
        out.append(
            {
                "stage": stage,
                "waiting": int(row.get("waiting", 0)),
                "overdue": int(row.get("overdue", 0)),
                "responded": int(row.get("responded", 0)),
            }
        )
    return out
