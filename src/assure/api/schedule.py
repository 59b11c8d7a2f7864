"""The reporting schedule (contract, "Reports and their schedule")."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Schema, Status

from assure.core.policy import require_perm
from assure.core.roles import Perm
from assure.reports.models import ScheduledReport
from assure.reports.schedule import report_generate, schedule_rows

from .errors import errors
from .urls import api


class ScheduledReportOut(Schema):
    id: str
    title: str
    purpose: str
    audience: str
    cadence: str  # daily | monthly | bimonthly | quarterly | triannual | annual
    owner: str | None
    next_due: str | None
    next_period: str | None
    last_produced: str | None
    generated: bool


class GenerateIn(Schema):
    period: str


class GenerateOut(Schema):
    task: str


@api.get(
    "/reports/schedule",
    response={200: list[ScheduledReportOut], **errors(401, 403)},
    tags=["reports"],
)
def schedule(request: HttpRequest) -> list[dict[str, Any]]:
    """Every report of the schedule (Appendix B and the council's own), soonest due first."""
    require_perm(request.user, Perm.VIEW_AGGREGATES)
    return [row.as_api() for row in schedule_rows()]


@api.post(
    "/reports/{report_id}/generate",
    response={202: GenerateOut, **errors(400, 401, 403, 404)},
    tags=["reports"],
)
def generate(request: HttpRequest, report_id: str, payload: GenerateIn) -> Status:
    """Make the report's document for a period (`YYYY-TN`, `YYYY-QN`, `YYYY-MM` or `YYYY`,
    as its cadence needs); follow it at `GET /api/v1/tasks/{task}`."""
    require_perm(request.user, Perm.VIEW_AGGREGATES)
    report = ScheduledReport.objects.filter(key=report_id).first()
    if report is None:
        raise Http404("No such report.")
    job = report_generate(actor=request.user, report=report, period=payload.period)
    return Status(202, {"task": str(job.token)})
