"""Recurring work for practice alerts: reminders before the due time, and escalation."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from assure.core.notifications import notification_send
from assure.core.schedule import every

from .models import AlertEvent, PracticeAlert
from .services import alerts_escalate

REMIND_BEFORE = timedelta(days=1)


@every(minutes=15)
def alerts_escalate_job(now: datetime) -> int:
    return alerts_escalate(now=now)


@every(minutes=60)
def alerts_remind(now: datetime) -> int:
    """One reminder per stage, a day before the stage's response is due."""
    reminded = 0
    with transaction.atomic():
        soon = (
            PracticeAlert.objects.select_for_update(of=("self",))
            .filter(
                status=PracticeAlert.Status.OPEN,
                due__gt=now,
                due__lte=now + REMIND_BEFORE,
                owner__isnull=False,
            )
            .exclude(reminded_stage__gte=F("stage"))
            .select_related("owner", "team")
        )
        for alert in soon:
            notification_send(
                recipients=[alert.owner],
                kind="alert_reminder",
                obj=alert,
                link=reverse("reviews:alert", args=[alert.pk]),
                text=f"Reminder: the practice alert about {alert.team} needs your response by "
                f"{timezone.localtime(alert.due):%d %B %Y, %H:%M}",
            )
            AlertEvent.objects.create(
                alert=alert, at=now, kind="reminded", stage=alert.stage, owner=alert.owner
            )
            alert.reminded_stage = alert.stage
            alert.save(update_fields=["reminded_stage"])
            reminded += 1
    return reminded


@every(minutes=10)
def dashboards_draw_job(now: datetime) -> int:
    """Draw the chairs' dashboards' new charts before a reader's first view asks for them."""
    from .dashboard.predraw import dashboards_draw

    return dashboards_draw()
