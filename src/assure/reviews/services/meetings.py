"""Conferences and reviews entered by hand, and the chair's QA of each."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from assure.core import clock, trail, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send
from assure.instruments.definitions import GRADES
from assure.instruments.engine import missing_required, validate
from assure.instruments.registry import tool_current
from assure.org.models import Case, User

from ..models import Meeting, MeetingQA, PracticeAlert
from ..policy import MEETINGS, may_add_meeting
from .alerts import raise_alert
from .appreciations import appreciation_send


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    kind: str,
    date: date,
    case: Case,
    chair: User,
    stage: str = Meeting.Stage.REVIEW,
    source_ref: str = "",
) -> Meeting:
    """A conference or review entered by hand (imports load them in bulk)."""
    if not may_add_meeting(actor, chair):
        raise PermissionDenied(
            "Chairs record the meetings they chaired; the QA unit or an administrator any."
        )
    if kind not in Meeting.Kind.values:
        raise InvalidInput({"kind": "Use cp_conference or cic_review."})
    meeting = Meeting.objects.create(
        kind=kind,
        stage=stage,
        date=date,
        case=case,
        team_id=case.team_id,
        practitioner=case.allocated_worker,
        chair=chair,
        source_ref=source_ref,
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=meeting,
        child_ref=case.child.reference,
        summary=f"Recorded a {meeting}",
    )
    return meeting


def _qa_errors(
    tool: Any, responses: dict[str, Any], grade: str, urgent: bool, concern: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The cleaned responses, and every problem with the QA by field."""
    cleaned, found = validate(tool.parsed, responses)
    errors: dict[str, Any] = {f"responses.{k}": v for k, v in found.items()}
    missing = missing_required(tool.parsed, cleaned)
    if missing and not errors:
        errors["responses"] = {
            "missing": missing,
            "message": f"Answer every required question ({len(missing)} unanswered).",
        }
    if grade not in GRADES:
        errors["grade"] = f"Choose the grade: {', '.join(GRADES)}."
    if (urgent or grade == "inadequate") and not concern.strip():
        errors["concern"] = "Describe the concern: it is sent to the team manager."
    return cleaned, errors


@transaction.atomic
def meeting_qa_record(
    *,
    actor: Any,
    meeting_id: int,
    responses: dict[str, Any],
    grade: str,
    urgent: bool = False,
    concern: str = "",
    now: datetime | None = None,
) -> MeetingQA:
    """The chair's QA of their meeting; inadequate or urgent raises an alert, outstanding
    sends an appreciation."""
    now = now or clock.now()
    meeting = writes.locked(
        Meeting.objects.select_related(
            "case__child", "team__district", "practitioner__line_manager"
        ),
        meeting_id,
    )
    MEETINGS.check(actor, "record_qa", meeting)
    if MeetingQA.objects.filter(meeting=meeting).exists():
        raise InvalidInput({"meeting": "This meeting's QA is already recorded."})
    tool = tool_current(meeting.tool_key)
    cleaned, errors = _qa_errors(tool, responses, grade, urgent, concern)
    if errors:
        raise InvalidInput(errors)
    concern = concern.strip()
    qa = MeetingQA.objects.create(
        meeting=meeting,
        tool=tool,
        responses=cleaned,
        grade=grade,
        urgent=urgent,
        concern=concern,
        recorded_by=actor,
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=qa,
        child_ref=meeting.case.child.reference,
        summary=f"Recorded the QA of a {meeting} ({grade})",
    )
    # The grade stays in Assure: the notification says only that the QA is there to read.
    transaction.on_commit(
        partial(
            notification_send,
            recipients=[r for r in (meeting.practitioner, meeting.team.manager) if r is not None],
            kind="meeting_qa",
            obj=qa,
            link=reverse("reviews:meeting", args=[meeting.pk]),
            text=f"The chair's QA of the {meeting} is recorded",
        )
    )
    if grade == "inadequate" or urgent:
        reason = (
            PracticeAlert.Reason.INADEQUATE
            if grade == "inadequate"
            else PracticeAlert.Reason.URGENT
        )
        raise_alert(actor=actor, meeting=meeting, qa=qa, reason=reason, concern=concern, now=now)
    if grade == "outstanding":
        appreciation_send(
            actor=actor,
            meeting=meeting,
            qa=qa,
            now=now,
            text=concern
            or f"Outstanding practice seen at the {meeting.get_kind_display().lower()}.",
        )
    return qa
