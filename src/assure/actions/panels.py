"""What actions add to the home page: your own, and for the QA unit the overdue ones to chase."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from assure.core import clock
from assure.core.chasing import chased_today
from assure.core.home import ChaseButton, Panel, PanelItem, has_qa_home, home_panel
from assure.core.policy import Access
from assure.core.roles import Perm
from assure.core.working_days import add_working_days, working_days_between

from . import services
from .models import Action
from .selectors import actions_owned_by, actions_visible_to
from .sources import source_label

DUE_SOON_WORKING_DAYS = 5
SHOWN = 5


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


@home_panel
def _actions_panel(user: Any, access: Access) -> Panel | None:
    """Overdue and soon-due actions of the person signed in: one query."""
    if Perm.VIEW_CASES not in access.perms:
        return None
    today = clock.today()
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    due = list(
        actions_owned_by(user)
        .filter(status__in=Action.OUTSTANDING, due_date__lte=horizon)
        .order_by("due_date", "id")[:6]
    )
    items = [
        PanelItem(
            text=_short(a.description),
            link=reverse("actions:detail", args=[a.pk]),
            meta=(
                f"Overdue: was due {services.day_label(a.due_date)}"
                if a.due_date < today
                else f"Due {services.day_label(a.due_date)}"
            ),
        )
        for a in due
    ]
    return Panel(
        key="actions",
        title="Your actions",
        empty_text="Nothing of yours is overdue or due in the next week.",
        items=items,
        more_link=reverse("actions:mine"),
        more_text="All your actions",
        order=12,
    )


@home_panel
def _overdue_actions_panel(user: Any, access: Access) -> Panel | None:
    """The QA unit's view of every overdue action, the longest overdue first, to chase."""
    if not has_qa_home(access):
        return None
    today = clock.today()
    overdue = (
        actions_visible_to(user)
        .filter(status__in=Action.OUTSTANDING, due_date__lt=today)
        .select_related(None)
        .select_related("owner", "team")
        .order_by("due_date", "id")
    )
    count = overdue.count()
    shown = list(overdue[:SHOWN])
    sent = chased_today("action_overdue", (a.pk for a in shown))
    items = []
    for a in shown:
        late = working_days_between(a.due_date, today)
        items.append(
            PanelItem(
                text=_short(a.description),
                link=reverse("actions:detail", args=[a.pk]),
                meta=(
                    f"{a.owner}, {a.team.name + ', ' if a.team else ''}"
                    f"{source_label(a.source_type).lower()}; due {services.day_label(a.due_date)}, "
                    f"overdue by {late} working day{'s' if late != 1 else ''}"
                ),
                chase=ChaseButton("action_overdue", a.pk, f"Remind {a.owner}", str(a.pk) in sent),
            )
        )
    return Panel(
        key="qa-overdue-actions",
        title="Overdue actions",
        figure=count,
        figure_label=(
            "action past its due date and not done"
            if count == 1
            else "actions past their due date and not done"
        ),
        items=items,
        links=[PanelItem("Action completion by team and source", reverse("actions:completion"))],
        empty_text="No action is overdue.",
        more_link=reverse("actions:oversee"),
        more_text="Every action you oversee, overdue first",
        order=5,
    )
