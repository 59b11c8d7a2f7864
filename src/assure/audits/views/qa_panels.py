"""The audit cycle on the QA unit's home: what needs doing, each with a way to chase it.

This cycle's completion by team and by auditor, the overdue audits, the
moderation backlog and the auditors whose grading drifts. Every figure comes
from the analytics and selectors the audit-findings pages use, in a fixed
number of queries however many audits there are. No child's reference is
shown here (so the home page reads no child's record); each line opens the
audit, whose own page is trailed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

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
from assure.core.working_days import working_days_between

from .. import analytics
from ..models import Audit
from ..selectors import audits_visible_to, current_cycle, last_ended_cycle, moderation_queue

SHOWN = 5  # lines per panel: the longest waiting first, the rest one link away
TABLE_ROWS = 8

# Columns of `analytics.completion` rows the home page keeps.
_GROUP, _ALLOCATED, _SUBMITTED, _MODERATION, _FINALISED, _OVERDUE = 1, 2, 5, 6, 7, 10


def _completion_rows(table: analytics.Table) -> list[tuple[Any, ...]]:
    """Group, allocated, submitted or further, finalised, overdue: furthest behind first
    (the most overdue, then the smallest share submitted)."""
    rows = [
        (
            r[_GROUP],
            r[_ALLOCATED],
            int(r[_SUBMITTED] or 0) + int(r[_MODERATION] or 0) + int(r[_FINALISED] or 0),
            r[_FINALISED],
            r[_OVERDUE],
        )
        for r in table.rows
    ]
    rows.sort(
        key=lambda r: (-int(r[4] or 0), int(r[2] or 0) / max(int(r[1] or 0), 1), str(r[0]).lower())
    )
    return rows


def _overdue_by(due: Any, today: Any) -> str:
    days = working_days_between(due, today)
    return f"overdue by {days} working day{'s' if days != 1 else ''}"


def _completion_panel(cycle: Any, today: Any) -> Panel:
    audits = Audit.objects.filter(cycle=cycle)
    by_team = analytics.completion(audits, group="team", today=today)
    by_auditor = analytics.completion(audits, group="auditor", today=today)
    headers = ("Allocated", "Submitted", "Finalised", "Overdue")
    team_rows, auditor_rows = _completion_rows(by_team), _completion_rows(by_auditor)
    total = sum(int(r[1] or 0) for r in team_rows)
    done = sum(int(r[2] or 0) for r in team_rows)
    link = reverse("audits_insight:completion")
    query = {"cycle": cycle.pk}

    def more(rows: list[Any]) -> str:
        if len(rows) <= TABLE_ROWS:
            return ""
        return f" (the {TABLE_ROWS} furthest behind, of {len(rows)})"

    return Panel(
        key="qa-completion",
        title=f"This cycle's audits ({cycle.label})",
        figure=round(100 * done / total) if total else 0,
        figure_unit="%",
        figure_label=f"submitted ({done} of {total} allocated audits)",
        tables=[
            PanelTable(f"By team{more(team_rows)}", ("Team", *headers), team_rows[:TABLE_ROWS]),
            PanelTable(
                f"By auditor{more(auditor_rows)}",
                ("Auditor", *headers),
                auditor_rows[:TABLE_ROWS],
            ),
        ],
        links=[
            PanelItem(
                f"Completion of every {noun}", f"{link}?{urlencode({**query, 'group': noun})}"
            )
            for noun in ("team", "auditor")
        ],
        empty_text="No audits are allocated in this cycle yet.",
        wide=True,
        order=2,
    )


def _overdue_panel(user: Any, today: Any) -> Panel:
    overdue = (
        audits_visible_to(user)
        .filter(submitted_at__isnull=True, due_date__lt=today)
        .select_related(None)
        .select_related("team", "auditor")
        .order_by("due_date", "id")
    )
    count = overdue.count()
    shown = list(overdue[:SHOWN])
    sent = chased_today("audit_overdue", (a.pk for a in shown))
    return Panel(
        key="qa-overdue-audits",
        title="Overdue audits",
        figure=count,
        figure_label=f"audit{'s' if count != 1 else ''} not submitted by the due date",
        items=[
            PanelItem(
                text=f"{a.team.name}: audit by {a.auditor}",
                link=reverse("audits:detail", args=[a.pk]),
                meta=f"Due {a.due_date:%-d %B %Y}, {_overdue_by(a.due_date, today)}",
                chase=ChaseButton("audit_overdue", a.pk, f"Remind {a.auditor}", str(a.pk) in sent),
            )
            for a in shown
        ],
        empty_text="No audit is overdue.",
        more_link=f"{reverse('audits_insight:completion')}?group=auditor",
        more_text="Completion and every overdue audit",
        order=3,
    )


def _moderation_panel(user: Any, today: Any) -> Panel:
    queue = moderation_queue(user).select_related("moderator")
    count = queue.count()
    # The queue's own order: the moderation due soonest (or longest past due) first.
    shown = list(queue[:SHOWN])
    sent = chased_today("audit_moderation", (a.pk for a in shown))
    items = []
    for a in shown:
        since = timezone.localdate(a.submitted_at) if a.submitted_at else today
        due = ""
        if a.moderation_due is not None:
            due = (
                f"; moderation {_overdue_by(a.moderation_due, today)}"
                if a.moderation_due < today
                else f"; moderation due {a.moderation_due:%-d %B %Y}"
            )
        items.append(
            PanelItem(
                text=f"{a.team.name}: audit by {a.auditor}",
                link=reverse("audits:detail", args=[a.pk]),
                meta=(
                    f"Submitted {since:%-d %B %Y}{due}; moderator: "
                    f"{a.moderator or 'not yet chosen (the service managers are reminded)'}"
                ),
                chase=ChaseButton(
                    "audit_moderation",
                    a.pk,
                    f"Remind {a.moderator}" if a.moderator else "Remind the service managers",
                    str(a.pk) in sent,
                ),
            )
        )
    return Panel(
        key="qa-moderation",
        title="Waiting for moderation",
        figure=count,
        figure_label=f"submitted audit{'s' if count != 1 else ''} not yet finalised",
        items=items,
        empty_text="No audit is waiting for moderation.",
        more_link=reverse("audits:moderation"),
        more_text="The moderation queue",
        order=4,
    )


def _drift_panel() -> Panel:
    every = analytics.calibration_rows(Audit.objects.all(), by="auditor")
    rows = [r for r in every if r.summary.drifts]
    link = reverse("audits_insight:calibration")
    return Panel(
        key="qa-drift",
        title="Auditors whose grading drifts",
        figure=len(rows),
        figure_label=(
            f"auditor{'s' if len(rows) != 1 else ''} flagged for drift (moderation often moves "
            f"{'their' if len(rows) != 1 else 'the'} grades)"
        ),
        items=[
            PanelItem(text=r.label, link=link, meta=r.summary.drift_reason.capitalize())
            for r in rows[:SHOWN]
        ],
        empty_text="No auditor's grading drifts from moderation.",
        more_link=link,
        more_text="Calibration of every auditor",
        order=6,
    )


def _director_panel(today: Any) -> Panel:
    """The QA picture for a director: the last finished cycle's grades, this one's progress."""
    tables = []
    finished = last_ended_cycle(today)
    if finished is not None:
        trend = analytics.grade_trends(Audit.objects.filter(cycle=finished))
        if trend.rows:
            row = trend.rows[0]
            finalised = int(row[5] or 0)
            tables.append(
                PanelTable(
                    f"Final grades of {finished.label}, the last finished cycle "
                    f"({row[6] if row[6] is not None else 0}% good or better)",
                    ("Grade", "Audits", "% of finalised"),
                    [
                        (analytics.SHORT_GRADE[g], row[1 + i], _share(row[1 + i], finalised))
                        for i, g in enumerate(analytics.GRADES_BEST_FIRST)
                    ],
                )
            )
    current = current_cycle(today)
    figure, label = None, ""
    if current is not None:
        rows = _completion_rows(
            analytics.completion(Audit.objects.filter(cycle=current), group="service", today=today)
        )
        total = sum(int(r[1] or 0) for r in rows)
        done = sum(int(r[2] or 0) for r in rows)
        figure = round(100 * done / total) if total else 0
        label = f"of {current.label}'s {total} audits submitted so far"
        tables.append(
            PanelTable(
                f"{current.label} so far, by service",
                ("Service", "Allocated", "Submitted", "Finalised", "Overdue"),
                rows,
            )
        )
    return Panel(
        key="qa-picture",
        title="The quality of practice",
        figure=figure,
        figure_label=label,
        figure_unit="%" if figure is not None else "",
        tables=tables,
        empty_text="No audit cycle has started yet.",
        more_link=reverse("audits_insight:grades"),
        more_text="Grades across every cycle",
        wide=True,
        order=3,
    )


def _share(part: Any, whole: int) -> float | None:
    return round(100.0 * int(part or 0) / whole, 1) if whole else None


@home_panel
def director_audit_panel(user: Any, access: Access) -> Panel | None:
    if not has_director_home(access) or has_qa_home(access):
        return None
    return _director_panel(clock.today())


@home_panel
def qa_audit_panels(user: Any, access: Access) -> list[Panel] | None:
    if not has_qa_home(access):
        return None
    today = clock.today()
    panels = []
    cycle = current_cycle(today)
    if cycle is not None:
        panels.append(_completion_panel(cycle, today))
    panels += [_overdue_panel(user, today), _moderation_panel(user, today), _drift_panel()]
    return panels
