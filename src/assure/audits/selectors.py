"""Reads of audits, scoped to the user asking: thin shapes over `policy`.

Who sees which audit is the policy's to say (`AUDITS.visible_to`); these add
what each page needs loaded with it. Reading one audit for a person to look at
goes through `AUDITS.read`, which leaves the trail event; `audit_for` is for
the answer that follows a write, which the write's own event already covers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import AppreciativeInquiry, Audit, AuditChange, Cycle, Sample, add_months
from .policy import AUDITS, AWAITING_MODERATION, INQUIRIES, OPEN

# The largest id a row can have (a signed 64-bit integer): anything larger, or not a
# number at all, names no row, and must never reach the database, where PostgreSQL
# refuses it with an error instead of finding nothing.
LARGEST_ID = 2**63 - 1


def row_id(value: Any) -> int | None:
    """`value` as a row id, or None when it cannot be one ("abc", "-1", 10**20)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= LARGEST_ID else None


# Everything one audit's page shows alongside it.
FULL = ("case__child", "team__service", "tool", "auditor", "practitioner", "moderator", "cycle")


def audit_rows() -> QuerySet[Audit]:
    """Audits with everything one audit's page or API answer shows (unscoped: pass to
    `AUDITS.read` or `writes.change`, which decide who reaches which)."""
    return Audit.objects.select_related(*FULL)


def audits_visible_to(user: Any) -> QuerySet[Audit]:
    # Lists never need the answers (JSON, large), so they are left out here; a page
    # that shows one audit reads them itself.
    return (
        AUDITS.visible_to(user)
        .select_related("case__child", "team", "auditor", "practitioner", "moderator", "cycle")
        .defer("responses")
    )


def audit_read(user: Any, audit_id: Any) -> Audit:
    """One audit in full for a person to look at: 404 unless visible, and trailed."""
    return AUDITS.read(user, audit_id, queryset=audit_rows())


def audit_for(user: Any, audit_id: Any) -> Audit | None:
    """One audit in full, or None when it is not the user's to see (not trailed)."""
    pk = row_id(audit_id)
    if pk is None:
        return None
    return AUDITS.visible_to(user).select_related(*FULL).filter(pk=pk).first()


def audits_mine(user: Any) -> QuerySet[Audit]:
    """Where the user is the auditor, or the moderator."""
    return audits_visible_to(user).filter(Q(auditor=user) | Q(moderator=user))


def audits_of_practitioner(user: Any) -> QuerySet[Audit]:
    """Open audits of the user's own cases."""
    return (
        audits_visible_to(user)
        .filter(practitioner=user)
        .exclude(status=Audit.Status.FINALISED)
        .select_related(None)
        .select_related("case__child", "auditor")
    )


def audits_to_answer(user: Any) -> QuerySet[Audit]:
    """The user's own audits still open for their answers."""
    return audits_mine(user).filter(auditor=user, status__in=OPEN)


def moderation_queue(user: Any) -> QuerySet[Audit]:
    """Submitted audits this user may moderate (never those they conducted)."""
    return (
        audits_visible_to(user)
        .filter(AUDITS.moderation_scope(user), status__in=AWAITING_MODERATION)
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
    return INQUIRIES.visible_to(user).select_related("team", "cycle", "recorded_by")


def current_cycle(today: date) -> Cycle | None:
    """The cycle under way today (the latest to have started), or None before the first."""
    return Cycle.objects.filter(starts_on__lte=today).order_by("-starts_on").first()


def last_ended_cycle(today: date) -> Cycle | None:
    """The latest cycle whose four months are over: its grades are as final as they get."""
    return Cycle.objects.filter(starts_on__lte=add_months(today, -4)).order_by("-starts_on").first()
