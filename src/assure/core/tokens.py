"""API bearer tokens: issued for a username and password, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from assure.core import clock

from . import trail
from .models import ApiToken, AuditEvent


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: Any) -> str:
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_hash=_digest(token),
        expires=clock.now() + timedelta(days=settings.ASSURE_API_TOKEN_DAYS),
    )
    trail.record(actor=user, action=AuditEvent.Action.TOKEN, summary="Issued an API token")
    return token


def user_for_token(token: str) -> Any | None:
    row = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(token), expires__gt=clock.now(), user__is_active=True)
        .first()
    )
    if row is None:
        return None
    if getattr(row.user, "is_demo", False) and not settings.ASSURE_DEMO:
        return None
    return row.user
