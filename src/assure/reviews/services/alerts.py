"""Practice alerts: raised by a chair's QA or mid-way review, answered stage by stage,
resolved by the chair who raised them."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assure.core import clock, trail, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send

from ..models import AlertEvent, Meeting, MeetingQA, PracticeAlert
from ..policy import ALERTS
from ..stages import due_for, owner_at_or_above


def alert_link(alert: PracticeAlert) -> str:
    return reverse("reviews:alert", args=[alert.pk])


def raise_alert(
    *, actor: Any, meeting: Meeting, qa: MeetingQA | None, reason: str, concern: str, now: datetime
) -> PracticeAlert:
    """A new alert at the first stage that has someone to answer it.

    Part of the QA or mid-way review that raises it: the caller has asked the
    policy and holds the transaction.
    """
    stage, owner = owner_at_or_above(1, meeting.team)
    alert = PracticeAlert.objects.create(
        meeting=meeting,
        qa=qa,
        team=meeting.team,
        practitioner=meeting.practitioner,
        raised_by=actor,
        reason=reason,
        concern=concern,
        stage=stage,
        owner=owner,
        due=due_for(stage, now),
        created=now,
    )
    AlertEvent.objects.create(
        alert=alert, at=now, actor=actor, kind="raised", stage=stage, owner=owner, text=concern
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=alert,
        child_ref=meeting.case.child.reference,
        summary=f"Raised a practice alert at stage {stage}",
    )
    transaction.on_commit(
        partial(
            notification_send,
            recipients=[owner] if owner else [],
            kind="alert_raised",
            obj=alert,
            link=alert_link(alert),
            text=f"A practice alert about {meeting.team} needs your response by "
            f"{timezone.localtime(alert.due):%d %B %Y}",
        )
    )
    return alert


def _step(
    c: writes.Change[PracticeAlert],
    *,
    status: str,
    kind: str,
    text: str,
    missing_text: str,
    now: datetime,
    summary: str,
) -> PracticeAlert:
    """Move the locked alert to `status`, keeping the step in its history and the trail.

    The policy has already said who may act; a resolved alert or an empty text is
    refused next, and nothing is saved.
    """
    alert = c.obj
    if alert.status == PracticeAlert.Status.RESOLVED:
        raise InvalidInput({"status": "This alert is already resolved."})
    if not text.strip():
        raise InvalidInput({"text": missing_text})
    c.set(status=status)
    if status == PracticeAlert.Status.RESOLVED:
        c.set(resolved_at=now)
    AlertEvent.objects.create(
        alert=alert,
        at=now,
        actor=c.actor,
        kind=kind,
        stage=alert.stage,
        owner=alert.owner,
        text=text.strip(),
    )
    return c.commit(summary=summary, child_ref=ALERTS.child_ref(alert))


def alert_respond(
    *,
    actor: Any,
    alert_id: int,
    text: str,
    version: int | None = None,
    now: datetime | None = None,
) -> PracticeAlert:
    """The owner of the alert's current stage answers it; the chair who raised it is told."""
    with writes.change(
        ALERTS.base_queryset(),
        alert_id,
        actor=actor,
        version=version,
        policy=ALERTS,
        action="respond",
    ) as c:
        alert = _step(
            c,
            status=PracticeAlert.Status.RESPONDED,
            kind="responded",
            text=text,
            missing_text="Write your response.",
            now=now or clock.now(),
            summary=f"Responded to practice alert {alert_id} at stage {c.obj.stage}",
        )
        c.after_commit(
            partial(
                notification_send,
                recipients=[alert.raised_by],
                kind="alert_responded",
                obj=alert,
                link=alert_link(alert),
                text=f"{actor} responded to your practice alert about {alert.team}",
            )
        )
    return alert


def alert_resolve(
    *,
    actor: Any,
    alert_id: int,
    text: str,
    version: int | None = None,
    now: datetime | None = None,
) -> PracticeAlert:
    """The chair who raised the alert says how the concern was resolved."""
    with writes.change(
        ALERTS.base_queryset(),
        alert_id,
        actor=actor,
        version=version,
        policy=ALERTS,
        action="resolve",
    ) as c:
        alert = _step(
            c,
            status=PracticeAlert.Status.RESOLVED,
            kind="resolved",
            text=text,
            missing_text="Say how the concern was resolved.",
            now=now or clock.now(),
            summary=f"Resolved practice alert {alert_id}",
        )
        c.after_commit(
            partial(
                notification_send,
                recipients=[alert.owner] if alert.owner else [],
                kind="alert_resolved",
                obj=alert,
                link=alert_link(alert),
                text=f"The practice alert about {alert.team} is resolved",
            )
        )
    return alert
