"""Audits of cases chosen outside the triannual cycle: a thematic or multi-agency audit's
sample (the programmes app), audited through the same loop with the team's own tool."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from assure.core import trail
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.org.models import Case

from ..models import Audit, AuditChange
from .common import tool_for_team


@transaction.atomic
def audits_allocate_cases(
    *, actor: Any, cases: Sequence[Case], due_date: date, why: str
) -> list[Audit]:
    """One audit per case, allocated to its team manager with the practitioner who holds it."""
    if not has_perm(actor, Perm.RUN_QA):
        raise PermissionDenied("Only the QA unit allocates audits.")
    if not cases:
        raise InvalidInput({"cases": "There are no cases to audit."})
    missing = sorted({c.team.name for c in cases if c.team.manager is None})
    if missing:
        raise InvalidInput(
            {"auditor": "These teams have no team manager to audit: " + ", ".join(missing)}
        )
    tools = {c.team_id: tool_for_team(c.team) for c in cases}
    created = []
    for case in cases:
        assert case.team.manager is not None
        audit = Audit.objects.create(
            case=case,
            team=case.team,
            tool=tools[case.team_id],
            auditor=case.team.manager,
            practitioner=case.allocated_worker,
            due_date=due_date,
        )
        AuditChange.objects.create(
            audit=audit,
            actor=actor,
            kind="allocated",
            to_status=audit.status,
            detail={"auditor": audit.auditor.username, "why": why[:200]},
        )
        trail.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=audit,
            child_ref=case.child.reference,
            summary=f"Allocated audit {audit.pk} ({why})"[:300],
        )
        created.append(audit)
    for auditor in {a.auditor for a in created}:
        transaction.on_commit(
            partial(
                notification_send,
                recipients=[auditor],
                kind="audit_allocated",
                text=f"Audits allocated to you ({why}), due {due_date:%d %B %Y}",
                link=reverse("audits:list"),
                object_type="audit",
            )
        )
    return created
