"""The trail: who did what to which record, and who read a child's record.

Every service (and every selector that hands out a child's record) calls
`record`; nothing else writes it. Named for what it is: in Assure an "audit" is
a case audit, the domain's main noun, so the log of events is the trail.
Event kinds are `AuditEvent.Action` members (typed), never free strings.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditEvent
from .request_context import current_request


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR is the proxy in production; the proxy's own header is trusted
    # only when the council says so (ASSURE_TRUST_X_FORWARDED_FOR).
    from django.conf import settings

    if getattr(settings, "ASSURE_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    actor: Any,
    action: AuditEvent.Action,
    summary: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    child_ref: str = "",
    changes: dict[str, Any] | None = None,
    username: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. The request (for the address) defaults to the current one."""
    request = request if request is not None else current_request()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=(actor.get_username() if is_user else username)[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        child_ref=child_ref,
        summary=summary[:300],
        changes=changes or {},
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
    )


def field_changes(instance: models.Model, new_values: dict[str, Any]) -> dict[str, Any]:
    """The {field: [old, new]} of the fields that actually change."""
    changed: dict[str, Any] = {}
    for name, new in new_values.items():
        old = getattr(instance, name)
        if old != new:
            changed[name] = [plain_value(old), plain_value(new)]
    return changed


def plain_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
