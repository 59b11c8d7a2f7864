"""The audit loop of the contract: list, read, answer, submit, moderate, act, finalise."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema, Status

from assure.audits import services
from assure.audits.models import Audit
from assure.audits.policy import AUDITS
from assure.audits.selectors import (
    audit_for,
    audit_history,
    audit_read,
    audits_mine,
    audits_visible_to,
)
from assure.core.errors import InvalidInput
from assure.instruments.engine import tool_as_api

from .errors import errors
from .urls import api

# A write that sends the version it read: refused with 409 when the audit moved on.
VERSIONED_WRITE = errors(400, 401, 403, 404, 409)


def _username(user: Any) -> str | None:
    return user.username if user is not None else None


def audit_summary(audit: Audit) -> dict[str, Any]:
    return {
        "id": audit.pk,
        "status": audit.status,
        "version": audit.version,
        "child_ref": audit.case.child.reference,
        "team": audit.team.name,
        "auditor": _username(audit.auditor),
        "practitioner": _username(audit.practitioner),
        "moderator": _username(audit.moderator),
        "due_date": audit.due_date.isoformat(),
        "auditor_grade": audit.auditor_grade or None,
        "moderated_grade": audit.moderated_grade or None,
        "final_grade": audit.final_grade or None,
        "cycle": audit.cycle.label if audit.cycle is not None else None,
    }


def audit_detail(audit: Audit) -> dict[str, Any]:
    from assure.actions.selectors import actions_for_source

    out = audit_summary(audit)
    out["tool"] = tool_as_api(audit.tool.parsed)
    out["responses"] = audit.responses
    out["actions"] = [
        {
            "id": a.pk,
            "description": a.description,
            "owner": a.owner.username,
            "due_date": a.due_date.isoformat(),
            "status": a.status,
        }
        for a in actions_for_source("audit", str(audit.pk)).select_related("owner")
    ]
    moderation = getattr(audit, "moderation", None)
    out["moderation"] = (
        None
        if moderation is None
        else {
            "decision": moderation.decision,
            "grade": moderation.grade,
            "reason": moderation.reason,
            "moderator": moderation.moderator.username,
        }
    )
    out["history"] = [
        {
            "at": c.at.isoformat(),
            "actor": _username(c.actor),
            "kind": c.kind,
            "from_status": c.from_status,
            "to_status": c.to_status,
            "detail": c.detail,
        }
        for c in audit_history(audit)
    ]
    return out


def _visible(request: HttpRequest, audit_id: int) -> Audit:
    """The audit a write is about: 404 unless the user may see it. Not trailed as a
    read: the write that follows leaves its own event, naming the child."""
    audit = audit_for(request.user, audit_id)
    if audit is None:
        raise Http404
    return audit


def _fresh(request: HttpRequest, audit_id: int) -> dict[str, Any]:
    """The audit as it stands after a write (the write's trail event covers it)."""
    return audit_detail(_visible(request, audit_id))


@api.get("/audits", response={200: list[dict[str, Any]], **errors(400, 401)}, tags=["audits"])
def audits_list(
    request: HttpRequest, status: str | None = None, mine: bool = False
) -> list[dict[str, Any]]:
    audits = audits_mine(request.user) if mine else audits_visible_to(request.user)
    if status:
        if status not in Audit.Status.values:
            raise InvalidInput({"status": f"Use one of: {', '.join(Audit.Status.values)}."})
        audits = audits.filter(status=status)
    listed = list(audits.order_by("due_date", "id")[:2000])
    AUDITS.record_reads(request.user, listed, what="Listed audits through the API")
    return [audit_summary(a) for a in listed]


@api.get("/audits/{audit_id}", response={200: dict, **errors(400, 401, 404)}, tags=["audits"])
def audits_get(request: HttpRequest, audit_id: int) -> dict[str, Any]:
    """One audit; reading it through the API is in the trail as on its page."""
    return audit_detail(audit_read(request.user, audit_id))


class ResponsesIn(Schema):
    version: int
    responses: dict[str, Any]


@api.put("/audits/{audit_id}/responses", response={200: dict, **VERSIONED_WRITE}, tags=["audits"])
def audits_responses(request: HttpRequest, audit_id: int, payload: ResponsesIn) -> dict[str, Any]:
    _visible(request, audit_id)
    services.audit_save_draft(
        actor=request.user, audit_id=audit_id, version=payload.version, responses=payload.responses
    )
    return _fresh(request, audit_id)


class SubmitIn(Schema):
    version: int
    grade: str


@api.post("/audits/{audit_id}/submit", response={200: dict, **VERSIONED_WRITE}, tags=["audits"])
def audits_submit(request: HttpRequest, audit_id: int, payload: SubmitIn) -> dict[str, Any]:
    _visible(request, audit_id)
    services.audit_submit(
        actor=request.user, audit_id=audit_id, version=payload.version, grade=payload.grade
    )
    return _fresh(request, audit_id)


class ModerationIn(Schema):
    version: int
    decision: str
    grade: str | None = None
    reason: str | None = None
    notes: str | None = None
    meeting_date: date | None = None


@api.post("/audits/{audit_id}/moderation", response={200: dict, **VERSIONED_WRITE}, tags=["audits"])
def audits_moderation(request: HttpRequest, audit_id: int, payload: ModerationIn) -> dict[str, Any]:
    _visible(request, audit_id)
    services.moderation_record(
        actor=request.user,
        audit_id=audit_id,
        version=payload.version,
        decision=payload.decision,
        grade=payload.grade or "",
        reason=payload.reason or "",
        notes=payload.notes or "",
        meeting_date=payload.meeting_date,
    )
    return _fresh(request, audit_id)


class ActionIn(Schema):
    description: str
    owner: str
    due_date: date


@api.post(
    "/audits/{audit_id}/actions",
    response={201: dict, **errors(400, 401, 403, 404)},
    tags=["audits"],
)
def audits_action(request: HttpRequest, audit_id: int, payload: ActionIn) -> Status[Any]:
    _visible(request, audit_id)
    owner = get_user_model().objects.filter(username=payload.owner, is_active=True).first()
    if owner is None:
        raise InvalidInput({"owner": f"No active user is called {payload.owner!r}."})
    if not payload.description.strip():
        raise InvalidInput({"description": "Describe the action."})
    action = services.audit_action_add(
        actor=request.user,
        audit_id=audit_id,
        description=payload.description.strip(),
        owner=owner,
        due_date=payload.due_date,
    )
    return Status(
        201,
        {
            "id": action.pk,
            "description": action.description,
            "owner": owner.username,
            "due_date": action.due_date.isoformat(),
            "status": action.status,
            "audit": _fresh(request, audit_id),
        },
    )


class VersionIn(Schema):
    version: int


@api.post("/audits/{audit_id}/finalise", response={200: dict, **VERSIONED_WRITE}, tags=["audits"])
def audits_finalise(request: HttpRequest, audit_id: int, payload: VersionIn) -> dict[str, Any]:
    _visible(request, audit_id)
    services.audit_finalise(actor=request.user, audit_id=audit_id, version=payload.version)
    return _fresh(request, audit_id)


@api.get(
    "/audits/{audit_id}/document", response={200: None, **errors(400, 401, 404)}, tags=["audits"]
)
def audits_document(request: HttpRequest, audit_id: int, format: str = "docx") -> HttpResponse:
    """The finalised audit for the child's record in the case management system."""
    from assure.audits.documents import audit_docx, audit_pdf

    if format not in ("docx", "pdf"):
        raise InvalidInput({"format": "Use docx or pdf."})
    audit = _visible(request, audit_id)
    if not AUDITS.may(request.user, "download", audit):
        raise InvalidInput({"status": AUDITS.reason(request.user, "download", audit)})
    AUDITS.record_export(
        request.user,
        audit,
        what=f"Fetched the finalised audit {audit.pk} ({format}) through the API",
    )
    if format == "pdf":
        response = HttpResponse(audit_pdf(audit), content_type="application/pdf")
    else:
        response = HttpResponse(audit_docx(audit), content_type=DOCX_TYPE)
    name = f"audit-{audit.pk}-{AUDITS.child_ref(audit)}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
