"""Mid-way reviews: between meetings, is each decision of the last one carried out?"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction

from assure.core import clock, trail, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent

from ..models import Meeting, MidwayReview, PracticeAlert
from ..policy import MEETINGS
from . import alerts

MIDWAY_STATUSES = ("implemented", "in_progress", "not_started")


def _item_errors(items: list[dict[str, str]], raise_alert: bool, concern: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not items:
        errors["items"] = "Check at least one decision or recommendation."
    for n, item in enumerate(items):
        if not str(item.get("decision", "")).strip():
            errors[f"items.{n}.decision"] = "Name the decision or recommendation."
        if item.get("status") not in MIDWAY_STATUSES:
            errors[f"items.{n}.status"] = "Choose implemented, in progress or not started."
    if raise_alert and not concern.strip():
        errors["concern"] = "Describe the concern the alert is about."
    return errors


@transaction.atomic
def midway_review_record(
    *,
    actor: Any,
    meeting_id: int,
    review_date: date,
    items: list[dict[str, str]],
    raise_alert: bool = False,
    concern: str = "",
    now: datetime | None = None,
) -> MidwayReview:
    meeting = writes.locked(Meeting.objects.select_related("case__child", "team"), meeting_id)
    MEETINGS.check(actor, "record_midway", meeting)
    errors = _item_errors(items, raise_alert, concern)
    if errors:
        raise InvalidInput(errors)
    # The alert first, so the review is created already pointing at it.
    alert = (
        alerts.raise_alert(
            actor=actor,
            meeting=meeting,
            qa=None,
            reason=PracticeAlert.Reason.MIDWAY,
            concern=concern.strip(),
            now=now or clock.now(),
        )
        if raise_alert
        else None
    )
    review = MidwayReview.objects.create(
        meeting=meeting,
        alert=alert,
        chair=actor,
        date=review_date,
        items=[
            {
                "decision": i["decision"].strip(),
                "status": i["status"],
                "note": str(i.get("note", "")).strip(),
            }
            for i in items
        ],
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=review,
        child_ref=meeting.case.child.reference,
        summary=f"Recorded a mid-way review of the {meeting}",
    )
    return review
