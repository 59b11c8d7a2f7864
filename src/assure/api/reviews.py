"""Chairs' and reviewing officers' QA and practice alerts (contract.md)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Schema, Status

from assure.core.errors import InvalidInput
from assure.instruments.engine import tool_as_api
from assure.instruments.registry import tool_current
from assure.reviews import services
from assure.reviews.models import Appreciation, Meeting, PracticeAlert
from assure.reviews.policy import ALERTS, MEETINGS
from assure.reviews.selectors import alerts_visible_to, meetings_visible_to

from .errors import errors
from .urls import api

# Every write here: bad input, not signed in, not allowed, not visible.
WRITE = errors(400, 401, 403, 404)


def meeting_out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "stage": meeting.stage,
        "date": meeting.date.isoformat(),
        "child_ref": meeting.case.child.reference,
        "team": meeting.team.name,
        "practitioner": meeting.practitioner.username if meeting.practitioner else None,
        "chair": meeting.chair.username,
        "qa_done": hasattr(meeting, "qa"),
    }


def alert_out(alert: PracticeAlert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "stage": alert.stage,
        "status": alert.status,
        "owner": alert.owner.username if alert.owner else None,
        "due": timezone.localtime(alert.due).isoformat(),
        "team": alert.team.name,
        "practitioner": alert.practitioner.username if alert.practitioner else None,
        "raised_by": alert.raised_by.username,
        "reason": alert.reason,
        "concern": alert.concern,
        "meeting": alert.meeting_id,
        "history": [
            {
                "at": timezone.localtime(e.at).isoformat(),
                "kind": e.kind,
                "stage": e.stage,
                "actor": e.actor.username if e.actor else None,
                "owner": e.owner.username if e.owner else None,
                "text": e.text,
            }
            for e in alert.events.all()
        ],
    }


def appreciation_out(appreciation: Appreciation) -> dict[str, Any]:
    return {
        "id": appreciation.pk,
        "practitioner": appreciation.practitioner.username if appreciation.practitioner else None,
        "team": appreciation.team.name,
        "text": appreciation.text,
        "sent_by": appreciation.sent_by.username,
        "created": timezone.localtime(appreciation.created).isoformat(),
    }


@api.get("/meetings", response={200: list[dict[str, Any]], **errors(400, 401)}, tags=["chairs"])
def meetings_list(
    request: HttpRequest, status: str | None = None, mine: bool = False
) -> list[dict[str, Any]]:
    if status not in (None, "awaiting_qa", "qa_done"):
        raise InvalidInput({"status": "Use awaiting_qa or qa_done."})
    meetings = meetings_visible_to(request.user)
    if mine:
        meetings = meetings.filter(chair_id=request.user.pk)
    if status == "awaiting_qa":
        meetings = meetings.filter(qa__isnull=True)
    elif status == "qa_done":
        meetings = meetings.filter(qa__isnull=False)
    listed = list(meetings.select_related("qa").order_by("date", "id")[:2000])
    MEETINGS.record_reads(request.user, listed, what=f"Listed {len(listed)} meetings (API)")
    return [meeting_out(m) for m in listed]


@api.get("/meetings/{meeting_id}", response={200: dict, **errors(400, 401, 404)}, tags=["chairs"])
def meetings_get(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = MEETINGS.read(
        request.user, meeting_id, queryset=MEETINGS.base_queryset().select_related("qa")
    )
    out = meeting_out(meeting)
    out["qa_tool"] = tool_as_api(tool_current(meeting.tool_key).parsed)
    return out


class QaIn(Schema):
    responses: dict[str, Any]
    grade: str
    urgent: bool = False
    concern: str | None = None


@api.post("/meetings/{meeting_id}/qa", response={201: dict, **WRITE}, tags=["chairs"])
def meetings_qa(request: HttpRequest, meeting_id: int, payload: QaIn) -> Status[Any]:
    if not meetings_visible_to(request.user).filter(pk=meeting_id).exists():
        raise Http404
    qa = services.meeting_qa_record(
        actor=request.user,
        meeting_id=meeting_id,
        responses=payload.responses,
        grade=payload.grade,
        urgent=payload.urgent,
        concern=payload.concern or "",
    )
    alert = qa.alerts.first()
    appreciation = qa.appreciations.first()
    return Status(
        201,
        {
            "id": qa.pk,
            "grade": qa.grade,
            "alert": alert_out(alert) if alert else None,
            "appreciation": appreciation_out(appreciation) if appreciation else None,
        },
    )


@api.get("/alerts", response={200: list[dict[str, Any]], **errors(400, 401)}, tags=["chairs"])
def alerts_list(request: HttpRequest, status: str | None = None) -> list[dict[str, Any]]:
    alerts = alerts_visible_to(request.user).prefetch_related("events__actor", "events__owner")
    if status == "open":
        alerts = alerts.exclude(status=PracticeAlert.Status.RESOLVED)
    elif status == "resolved":
        alerts = alerts.filter(status=PracticeAlert.Status.RESOLVED)
    elif status is not None:
        raise InvalidInput({"status": "Use open or resolved."})
    listed = list(alerts.order_by("due", "id")[:2000])
    ALERTS.record_reads(request.user, listed, what=f"Listed {len(listed)} practice alerts (API)")
    return [alert_out(a) for a in listed]


def _alert(request: HttpRequest, alert_id: int) -> PracticeAlert:
    alert = alerts_visible_to(request.user).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    return alert


class TextIn(Schema):
    text: str


@api.post("/alerts/{alert_id}/response", response={200: dict, **WRITE}, tags=["chairs"])
def alerts_response(request: HttpRequest, alert_id: int, payload: TextIn) -> dict[str, Any]:
    _alert(request, alert_id)
    services.alert_respond(actor=request.user, alert_id=alert_id, text=payload.text)
    return alert_out(_alert(request, alert_id))


@api.post("/alerts/{alert_id}/resolve", response={200: dict, **WRITE}, tags=["chairs"])
def alerts_resolve(request: HttpRequest, alert_id: int, payload: TextIn) -> dict[str, Any]:
    _alert(request, alert_id)
    services.alert_resolve(actor=request.user, alert_id=alert_id, text=payload.text)
    return alert_out(_alert(request, alert_id))
