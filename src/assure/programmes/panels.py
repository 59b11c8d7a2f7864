"""What programmes add to other pages: the home page of those taking part, and the case
record where a case was sampled."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from assure.core.case_record import CaseSection, case_section
from assure.core.home import Panel, PanelItem, home_panel
from assure.core.policy import Access

from .models import Programme
from .policy import PROGRAMMES

SHOWN = 5


@home_panel
def _taking_part(user: Any, access: Access) -> Panel | None:
    """Planned and active programmes the person leads or is a member of: one query."""
    if not access.roles:
        return None
    mine = list(
        Programme.objects.filter(
            Q(lead=user) | Q(members__user=user),
            status__in=[Programme.Status.PLANNED, Programme.Status.ACTIVE],
        )
        .distinct()
        .order_by("starts_on", "id")[:SHOWN]
    )
    if not mine:
        return None
    return Panel(
        key="programmes",
        title="Your QA programmes",
        empty_text="",
        items=[
            PanelItem(
                text=p.title,
                link=reverse("programmes:detail", args=[p.pk]),
                meta=f"{p.get_kind_display()}, {p.get_status_display().lower()}, "
                f"{p.starts_on:%d %b} to {p.ends_on:%d %b %Y}",
            )
            for p in mine
        ],
        more_link=reverse("programmes:list"),
        more_text="All QA programmes",
        order=40,
    )


@case_section
def _case_programmes(user: Any, case: Any) -> CaseSection:
    shown = (
        PROGRAMMES.visible_to(user)
        .filter(sampled__case=case)
        .distinct()
        .order_by("-starts_on", "id")[:20]
    )
    return CaseSection(
        key="programmes",
        title="QA programmes",
        order=40,
        empty_text="This case has not been sampled for a QA programme.",
        items=[
            PanelItem(
                text=p.title,
                link=reverse("programmes:detail", args=[p.pk]),
                meta=f"{p.get_kind_display()}, {p.starts_on:%d %b %Y}",
            )
            for p in shown
        ],
    )
