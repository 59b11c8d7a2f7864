"""What chairs' QA and practice alerts add to the home page.

A chair's meetings awaiting QA; the practice alerts waiting for you (open at
a stage you own, not those you have answered); and, for the QA unit and the
directors, every unresolved alert by stage, the QA unit with a way to chase
the ones overdue.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from assure.core import clock
from assure.core.chasing import chased_today
from assure.core.home import (
    ChaseButton,
    Panel,
    PanelItem,
    PanelTable,
    has_director_home,
    has_qa_home,
    home_panel,
)
from assure.core.policy import Access
from assure.core.roles import Perm
from assure.core.working_days import working_days_between

from .models import PracticeAlert
from .selectors import alerts_by_stage, alerts_visible_to, meetings_awaiting_qa
from .stages import STAGES

SHOWN = 5


def due_words(due: Any, now: Any) -> str:
    """The words for a due moment: due 7 December 2026, or overdue by 3 working days."""
    if due >= now:
        return f"due {timezone.localtime(due):%-d %B %Y}"
    from assure.authority import settings_reader

    days = working_days_between(
        timezone.localtime(due), timezone.localtime(now), closures=settings_reader.closure_days()
    )
    if days <= 0:
        return "overdue: it was due earlier today"
    return f"overdue by {days} working day{'s' if days != 1 else ''}"


@home_panel
def _chair_panel(user: Any, access: Access) -> Panel | None:
    if Perm.CHAIR_QA not in access.perms:
        return None
    awaiting = list(meetings_awaiting_qa(user)[:6])
    return Panel(
        key="meetings",
        title="Meetings awaiting your QA",
        items=[
            PanelItem(
                text=f"{m.get_kind_display()}, case {m.case.child.reference}",
                link=reverse("reviews:meeting", args=[m.pk]),
                meta=f"{m.date:%d %b %Y}, {m.team}",
            )
            for m in awaiting
        ],
        empty_text="Every meeting you chaired has its QA. Thank you.",
        more_link=reverse("reviews:meetings"),
        more_text="All meetings",
        order=11,
    )


def _words(text: str, limit: int = 80) -> str:
    """At most `limit` characters, cut at a word and marked, never mid-word."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "..."


@home_panel
def _alerts_panel(user: Any, access: Access) -> Panel | None:
    if Perm.VIEW_CASES not in access.perms:
        return None
    # Only the alerts that wait for this person: open at a stage they own. Once they
    # respond, the alert waits for the chair who raised it, not for them. The owner
    # of a stage may always see the alert, so this needs no scope filter: one
    # indexed look-up rather than the scoped OR.
    waiting = PracticeAlert.objects.filter(owner=user, status=PracticeAlert.Status.OPEN)
    mine = list(waiting.select_related("team").order_by("due", "id")[:SHOWN])
    if not mine and Perm.AUDIT_CASES not in access.perms and Perm.MODERATE not in access.perms:
        return None
    now = clock.now()
    return Panel(
        key="alerts",
        title="Practice alerts for you to answer",
        items=[
            PanelItem(
                text=f"{a.team}: {_words(a.concern)}",
                link=reverse("reviews:alert", args=[a.pk]),
                meta=(
                    f"Stage {a.stage} ({STAGES.get(a.stage, '').lower()}), {due_words(a.due, now)}"
                ),
            )
            for a in mine
        ],
        empty_text="No practice alerts need your response.",
        more_link=reverse("reviews:alerts"),
        more_text="All practice alerts",
        order=13,
    )


def _stage_table(user: Any, now: Any) -> PanelTable:
    rows = [
        (
            f"{r['stage']}: {STAGES[r['stage']].lower()}",
            r["waiting"],
            r["overdue"],
            r["responded"],
        )
        for r in alerts_by_stage(alerts_visible_to(user), now=now)
    ]
    return PanelTable(
        "Unresolved alerts by stage",
        ("Stage", "Waiting for a response", "Of which overdue", "Answered, with the chair"),
        rows,
    )


@home_panel
def _alerts_by_stage_panel(user: Any, access: Access) -> Panel | None:
    """Every unresolved alert by stage; for the QA unit, the overdue ones to chase."""
    qa = has_qa_home(access)
    if not (qa or has_director_home(access)) or Perm.VIEW_CASES not in access.perms:
        return None
    now = clock.now()
    items = []
    if qa:
        overdue = list(
            alerts_visible_to(user)
            .filter(status=PracticeAlert.Status.OPEN, due__lt=now)
            .select_related("team", "owner")
            .order_by("due", "id")[:SHOWN]
        )
        sent = chased_today("alert_waiting", (a.pk for a in overdue))
        items = [
            PanelItem(
                text=f"{a.team}: stage {a.stage}, waiting for {a.owner or 'nobody in post'}",
                link=reverse("reviews:alert", args=[a.pk]),
                meta=due_words(a.due, now).capitalize(),
                chase=(
                    ChaseButton("alert_waiting", a.pk, f"Remind {a.owner}", str(a.pk) in sent)
                    if a.owner
                    else None
                ),
            )
            for a in overdue
        ]
    return Panel(
        key="alerts-by-stage",
        title="Practice alerts by stage",
        tables=[_stage_table(user, now)],
        items=items,
        empty_text="No practice alert is unresolved.",
        more_link=f"{reverse('reviews:alerts')}?status=open",
        more_text="Every unresolved practice alert",
        order=7 if qa else 4,
    )
