"""Reminders: overdue audits tell their auditor, then the service manager.

Idempotent: each audit is reminded once and escalated once. The texts (and so the
emails built from them) name no child: they say what is waiting and link to it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse

from assure.core.notifications import notification_send
from assure.core.schedule import every
from assure.core.working_days import add_working_days
from assure.org.selectors import service_managers_of

from .models import Audit

ESCALATE_AFTER_WORKING_DAYS = 5


@every(minutes=60)
def audits_remind(now: datetime) -> dict[str, int]:
    today = now.date()
    open_statuses = [Audit.Status.ALLOCATED, Audit.Status.IN_PROGRESS]
    counts = {"reminded": 0, "escalated": 0}
    with transaction.atomic():
        overdue = (
            Audit.objects.select_for_update(of=("self",))
            .filter(status__in=open_statuses, due_date__lt=today, reminded_at__isnull=True)
            .select_related("auditor")
        )
        for audit in overdue:
            notification_send(
                recipients=[audit.auditor],
                kind="audit_overdue",
                obj=audit,
                link=reverse("audits:answer", args=[audit.pk]),
                text=f"An audit allocated to you was due on {audit.due_date:%d %B %Y}",
            )
            audit.reminded_at = now
            audit.save(update_fields=["reminded_at"])
            counts["reminded"] += 1
        late = (
            Audit.objects.select_for_update(of=("self",))
            .filter(status__in=open_statuses, reminded_at__isnull=False, escalated_at__isnull=True)
            .select_related("auditor", "team__district")
        )
        managers: dict[int, list[object]] = {}  # one look-up per team, not per audit
        from assure.authority import settings_reader

        closures = settings_reader.closure_days()
        for audit in late:
            due = audit.due_date
            if add_working_days(due, ESCALATE_AFTER_WORKING_DAYS, closures=closures) >= today:
                continue
            if audit.team_id not in managers:
                managers[audit.team_id] = list(service_managers_of(audit.team))
            notification_send(
                recipients=managers[audit.team_id],
                kind="audit_overdue_escalated",
                obj=audit,
                link=reverse("audits:detail", args=[audit.pk]),
                text=f"An audit allocated to {audit.auditor} is more than "
                f"{ESCALATE_AFTER_WORKING_DAYS} working days overdue",
            )
            audit.escalated_at = now
            audit.save(update_fields=["escalated_at"])
            counts["escalated"] += 1
    return counts
