"""Practice appreciations: outstanding practice seen by a chair, told to the practitioner."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse

from assure.core import clock, trail
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send

from ..models import Appreciation, Meeting, MeetingQA
from ..policy import MEETINGS


@transaction.atomic
def appreciation_send(
    *, actor: Any, meeting: Meeting, qa: MeetingQA | None, text: str, now: datetime | None = None
) -> Appreciation:
    """The chair of the meeting appreciates the practice seen there.

    The notification says who sent it and for which meeting, never its text:
    the text may name the child, and notifications leave Assure by email.
    """
    MEETINGS.check(actor, "appreciate", meeting)
    appreciation = Appreciation.objects.create(
        qa=qa,
        meeting=meeting,
        team=meeting.team,
        practitioner=meeting.practitioner,
        text=text,
        sent_by=actor,
        created=now or clock.now(),
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=appreciation,
        summary="Sent a practice appreciation",
    )
    practitioner = meeting.practitioner
    managers = [practitioner.line_manager] if practitioner and practitioner.line_manager else []
    transaction.on_commit(
        partial(
            notification_send,
            recipients=[*([practitioner] if practitioner else []), *managers, meeting.team.manager],
            kind="appreciation",
            obj=appreciation,
            link=reverse("reviews:appreciations"),
            text=f"A practice appreciation from {actor} for the {meeting}: open Assure to read it",
        )
    )
    return appreciation
