"""What the audits app adds to other pages: the home page's panels, the case's section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from assure.core.case_record import CaseSection, case_section
from assure.core.home import Panel, PanelItem, home_panel
from assure.core.policy import Access
from assure.core.roles import Perm

from ..selectors import (
    audits_of_practitioner,
    audits_to_answer,
    audits_visible_to,
    moderation_queue,
)


@home_panel
def _audits_panel(user: Any, access: Access) -> Panel | None:
    if Perm.AUDIT_CASES not in access.perms and Perm.MODERATE not in access.perms:
        return None
    todo = list(audits_to_answer(user).order_by("due_date", "id")[:6])
    moderation = (
        moderation_queue(user).filter(moderator=user).count()
        if Perm.MODERATE in access.perms
        else 0
    )
    items = [
        PanelItem(
            text=f"Audit of case {a.case.child.reference}",
            link=reverse("audits:answer", args=[a.pk]),
            meta=f"{a.get_status_display()}, due {a.due_date:%d %b %Y}",
        )
        for a in todo
    ]
    if moderation:
        items.insert(
            0,
            PanelItem(
                text=f"{moderation} audit{'s' if moderation != 1 else ''} awaiting your moderation",
                link=reverse("audits:moderation"),
            ),
        )
    return Panel(
        key="audits",
        title="Audits waiting for you",
        items=items,
        empty_text="No audits are waiting for you. Allocated audits appear here.",
        more_link=reverse("audits:list"),
        more_text="All audits",
        order=12,
    )


@home_panel
def _practitioner_audits_panel(user: Any, access: Access) -> Panel | None:
    if not (access.own_cases and not access.team_ids and not access.all_teams):
        return None
    audits = list(audits_of_practitioner(user).order_by("due_date")[:5])
    return Panel(
        key="my-audits",
        title="Audits of your cases",
        items=[
            PanelItem(
                text=f"Case {a.case.child.reference} with {a.auditor}",
                link=reverse("audits:detail", args=[a.pk]),
                meta=f"{a.get_status_display()}, due {a.due_date:%d %b %Y}",
            )
            for a in audits
        ],
        empty_text="None of your cases is being audited at the moment.",
        order=14,
    )


@case_section
def _case_audits(user: Any, case: Any) -> CaseSection:
    audits = audits_visible_to(user).filter(case=case).order_by("-allocated_at")[:20]
    return CaseSection(
        key="audits",
        title="Case audits",
        order=10,
        empty_text="This case has not been audited.",
        items=[
            PanelItem(
                text=f"{a.cycle.label if a.cycle else 'Audit'}: {a.get_status_display().lower()}",
                link=reverse("audits:detail", args=[a.pk]),
                meta=(
                    f"Final grade {a.get_final_grade_display().lower()}"
                    if a.final_grade
                    else f"Auditor {a.auditor}"
                ),
            )
            for a in audits
        ],
    )
