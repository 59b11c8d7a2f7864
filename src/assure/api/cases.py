"""Cases pushed by the case management system, one at a time (administrators)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from assure.core.errors import InvalidInput
from assure.core.policy import require_perm
from assure.core.roles import Perm
from assure.org.case_loads import CaseRow, cases_load
from assure.org.models import Case

from .errors import errors
from .urls import api


class CaseIn(Schema):
    age_band: str
    case_type: str
    team: str
    worker: str | None = None
    status: str = "open"


class CaseOut(Schema):
    reference: str
    age_band: str
    case_type: str
    team: str
    worker: str | None
    status: str
    change: str  # opened, closed, moved team, changed worker, or unchanged


def _out(reference: str, change: str) -> dict[str, Any]:
    case = (
        Case.objects.filter(child__reference=reference)
        .select_related("child", "team", "allocated_worker")
        .order_by("-opened_on", "-pk")
        .first()
    )
    assert case is not None
    return {
        "reference": reference,
        "age_band": case.child.age_band,
        "case_type": case.case_type,
        "team": case.team.name,
        "worker": case.allocated_worker.username if case.allocated_worker else None,
        "status": "open" if case.closed_on is None else "closed",
        "change": change,
    }


@api.put(
    "/cases/{reference}",
    response={200: CaseOut, 201: CaseOut, **errors(400, 401, 403)},
    tags=["cases"],
)
def case_put(request: HttpRequest, reference: str, payload: CaseIn) -> tuple[int, dict[str, Any]]:
    """Create or update one case; 201 when it opened a case, 200 otherwise."""
    require_perm(request.user, Perm.MANAGE_STRUCTURE)
    row = CaseRow(
        1,
        reference.strip(),
        payload.age_band,
        payload.case_type,
        payload.team,
        payload.worker or "",
        payload.status,
    )
    report = cases_load(actor=request.user, rows=[row], source="the API")
    if not report.ok:
        raise InvalidInput({p.column or "body": p.problem for p in report.problems})
    if report.opened:
        return 201, _out(row.reference, "opened")
    change = (
        "closed"
        if report.closed
        else "moved team"
        if report.moved_team
        else "changed worker"
        if report.changed_worker
        else "unchanged"
    )
    return 200, _out(row.reference, change)
