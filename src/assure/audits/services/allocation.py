"""Allocating a sample's cases to auditors, and reallocating one audit."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.urls import reverse

from assure.core import writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.instruments.models import Tool
from assure.org.models import User

from ..models import Audit, AuditChange, CalendarEntry, Sample
from ..policy import SAMPLES
from .common import audit_step, tool_for_team
from .cycles import month_of


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def sample_allocate(
    *, actor: Any, sample: Sample, auditors: dict[int, User] | None = None
) -> list[Audit]:
    """One audit per case: the team manager audits, with the practitioner who holds it."""
    chosen = auditors or {}
    with writes.change(
        Sample.objects.select_related("cycle"),
        sample.pk,
        actor=actor,
        policy=SAMPLES,
        action="allocate",
    ) as c:
        cycle = c.obj.cycle
        month = month_of(cycle, CalendarEntry.Kind.AUDIT, c.obj.round)
        moderation = cycle.calendar.filter(
            kind=CalendarEntry.Kind.MODERATION, round=c.obj.round
        ).first()
        items = list(
            c.obj.items.filter(swapped_out=False).select_related(
                "case__allocated_worker", "team__manager", "team__service"
            )
        )
        missing = sorted(
            {i.team.name for i in items if chosen.get(i.pk) is None and i.team.manager is None}
        )
        if missing:
            raise InvalidInput(
                {
                    "auditor": "These teams have no team manager to audit: "
                    + ", ".join(missing)
                    + ". Choose an auditor for their cases."
                }
            )
        tools: dict[int, Tool] = {}
        audits = []
        for item in items:
            if item.team_id not in tools:
                tools[item.team_id] = tool_for_team(item.team)
            audits.append(
                Audit(
                    cycle=cycle,
                    round=c.obj.round,
                    sample_item=item,
                    case=item.case,
                    team=item.team,
                    tool=tools[item.team_id],
                    auditor=chosen.get(item.pk) or item.team.manager,
                    practitioner=item.case.allocated_worker,
                    due_date=month.ends_on,
                    moderation_due=moderation.ends_on if moderation else None,
                )
            )
        created = Audit.objects.bulk_create(audits, batch_size=500)
        if created and created[0].pk is None:  # backends without RETURNING
            created = list(Audit.objects.filter(sample_item__sample=c.obj))
        AuditChange.objects.bulk_create(
            [
                AuditChange(
                    audit=a,
                    actor=actor,
                    kind="allocated",
                    to_status=a.status,
                    detail={"auditor": a.auditor.username},
                )
                for a in created
            ],
            batch_size=1000,
        )
        c.set(status=Sample.Status.ALLOCATED)
        c.commit(
            action=AuditEvent.Action.CREATE,
            summary=f"Allocated {len(created)} audits for {cycle.label}",
            extra={"audits": len(created)},
        )
        by_auditor: dict[int, list[Audit]] = {}
        for a in created:
            by_auditor.setdefault(a.auditor_id, []).append(a)
        for group in by_auditor.values():
            c.after_commit(
                partial(
                    notification_send,
                    recipients=[group[0].auditor],
                    kind="audit_allocated",
                    text=f"{_plural(len(group), 'audit')} allocated to you for {cycle.label}, "
                    f"due {month.ends_on:%d %B %Y}",
                    link=reverse("audits:list"),
                    object_type="audit",
                )
            )
    sample.status = c.obj.status
    return created


def audit_reassign(*, actor: Any, audit_id: int, auditor: User, version: int) -> Audit:
    """The QA unit gives an audit not yet submitted to another auditing manager."""
    if not (auditor.is_active and has_perm(auditor, Perm.AUDIT_CASES)):
        raise InvalidInput(
            {
                "auditor": "Enter the username of an auditing manager "
                f"({auditor.get_username()!r} is not one)."
            }
        )
    with audit_step(audit_id, actor=actor, action="reallocate", version=version) as step:
        before = step.audit.auditor.username
        step.set(auditor=auditor)
        if step.audit.moderator_id == auditor.pk:
            # Whoever conducts an audit never moderates it: the service finds another.
            step.set(moderator=None)
        audit = step.record("reallocated", auditor=[before, auditor.username])
        step.notify(
            recipients=[auditor],
            kind="audit_allocated",
            text=f"An audit was allocated to you, due {audit.due_date:%d %B %Y}",
        )
    return audit
