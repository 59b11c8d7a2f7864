"""What the QA unit can chase among practice alerts: one still waiting at its stage.

Registered with `core.chasing` (once a day at most, trailed); the reminder is
also one of the alert's own events, so its history says who chased whom.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from assure.core import clock
from assure.core.chasing import ChaseKind, Reminder, register_chase

from .models import AlertEvent, PracticeAlert
from .policy import ALERTS
from .stages import STAGES


def _waiting(actor: Any, alert_id: int) -> Reminder | None:
    alert = (
        ALERTS.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("owner", "team", "meeting__case__child")
        .filter(pk=alert_id, status=PracticeAlert.Status.OPEN)
        .first()
    )
    if alert is None:
        return None
    owner = alert.owner if alert.owner is not None and alert.owner.is_active else None
    return Reminder(
        obj=alert,
        recipients=[owner] if owner else [],
        text=(
            f"The QA unit asks after a practice alert for {alert.team} waiting for your response "
            f"({STAGES.get(alert.stage, 'this stage').lower()} stage)."
        ),
        link=reverse("reviews:alert", args=[alert.pk]),
        who=str(owner) if owner else "",
        child_ref=alert.meeting.case.child.reference,
    )


def _history(actor: Any, reminder: Reminder) -> None:
    alert = reminder.obj
    assert isinstance(alert, PracticeAlert)
    AlertEvent.objects.create(
        alert=alert,
        at=clock.now(),
        actor=actor,
        kind="reminded",
        stage=alert.stage,
        owner=alert.owner,
        text="Reminded by the QA unit.",
    )


register_chase(
    ChaseKind(
        key="alert_waiting",
        noun="practice alert waiting for a response",
        email_sentence="The QA unit asks after a practice alert waiting for your response.",
        prepare=_waiting,
        history=_history,
    )
)
