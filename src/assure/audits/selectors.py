"""Reads of audits, scoped to the user asking.

A practitioner sees audits of their own cases; an auditor the audits allocated
to them and their team's; a moderator their service's; the QA unit all;
elected members none (only the aggregate figures elsewhere).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from assure.core.policy import access_for, case_filter, has_perm
from assure.core.roles import Perm

from .models import AppreciativeInquiry, Audit, AuditChange, Cycle, Sample


def audits_visible_to(user: Any) -> QuerySet[Audit]:
    if not has_perm(user, Perm.VIEW_CASES):
        return Audit.objects.none()
    if access_for(user).all_teams:
        scope = Q()  # the whole directorate: no OR for the database to plan around
    else:
        scope = case_filter(user, team_field="team", worker_field="practitioner")
        scope |= Q(auditor=user) | Q(moderator=user)
    # Lists never need the answers or the tool's definition (both JSON, both large),
    # so they are left out here; a page that shows one audit reads them itself.
    return (
        Audit.objects.filter(scope)
        .select_related("case__child", "team", "auditor", "practitioner", "moderator", "cycle")
        .defer("responses")
    )


def audit_for(user: Any, audit_id: int) -> Audit | None:
    """One audit in full (answers and tool), or None when it is not the user's to see."""
    return audits_visible_to(user).select_related("tool").defer(None).filter(pk=audit_id).first()


def audits_mine(user: Any) -> QuerySet[Audit]:
    """Where the user is the auditor, or the moderator."""
    return audits_visible_to(user).filter(Q(auditor=user) | Q(moderator=user))


def audits_of_practitioner(user: Any) -> QuerySet[Audit]:
    """Open audits of the user's own cases. A practitioner always sees these, so the
    look-up goes straight to the practitioner index instead of the scoped OR."""
    if not has_perm(user, Perm.VIEW_CASES):
        return Audit.objects.none()
    return (
        Audit.objects.filter(practitioner=user)
        .exclude(status=Audit.Status.FINALISED)
        .select_related("case__child", "auditor")
        .defer("responses")
    )


def moderation_queue(user: Any) -> QuerySet[Audit]:
    """Submitted audits this user may moderate: assigned to them, or in their scope."""
    if not (has_perm(user, Perm.MODERATE) or has_perm(user, Perm.RUN_QA)):
        return Audit.objects.none()
    return (
        audits_visible_to(user)
        .filter(status__in=[Audit.Status.SUBMITTED, Audit.Status.IN_MODERATION])
        # The queue shows the child, team and auditor only; loading the other
        # people and the cycle for every row doubled the objects built per page.
        .select_related(None)
        .select_related("case__child", "team", "auditor")
        .order_by("moderation_due", "submitted_at", "id")
    )


def audit_history(audit: Audit) -> QuerySet[AuditChange]:
    return audit.changes.select_related("actor")


def cycles() -> QuerySet[Cycle]:
    return Cycle.objects.all()


def cycle_progress(cycle: Cycle) -> list[dict[str, Any]]:
    """How many of a cycle's audits are at each status, per audit month: counts only."""
    rows = (
        Audit.objects.filter(cycle=cycle)
        .values("round", "status")
        .annotate(n=Count("id"))
        .order_by("round", "status")
    )
    return [dict(row) for row in rows]


def samples_of(cycle: Cycle) -> QuerySet[Sample]:
    return cycle.samples.all()


def inquiries_visible_to(user: Any) -> QuerySet[AppreciativeInquiry]:
    if not has_perm(user, Perm.VIEW_CASES):
        return AppreciativeInquiry.objects.none()
    return AppreciativeInquiry.objects.filter(
        case_filter(user, team_field="team", worker_field="recorded_by")
    ).select_related("team", "cycle", "recorded_by")
