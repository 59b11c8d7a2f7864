"""Reads of the shared kernel's records, scoped to the user asking."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from assure.core.roles import Perm

from .models import AuditEvent, Notification
from .policy import has_perm

LONDON = ZoneInfo("Europe/London")


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    if not has_perm(user, Perm.SEARCH_AUDIT_TRAIL):
        return AuditEvent.objects.none()
    return AuditEvent.objects.all()


def audit_events_search(
    user: Any,
    *,
    q: str = "",
    username: str = "",
    child_ref: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = audit_events_visible_to(user)
    if q:
        events = events.filter(summary__icontains=q)
    if username:
        events = events.filter(actor_username__iexact=username)
    if child_ref:
        events = events.filter(child_ref__iexact=child_ref)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, LONDON))
    if date_to:
        events = events.filter(at__lte=datetime.combine(date_to, time.max, LONDON))
    return events
