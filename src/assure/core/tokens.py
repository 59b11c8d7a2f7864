"""API bearer tokens: issued for a username and password, stored only as a hash.

A token lives `ASSURE_API_TOKEN_DAYS` days, until its owner revokes it (the API's
`DELETE /api/v1/auth/token` or the page `/account/tokens/`), or until its owner's
password changes or their account is deactivated, which ends all of them.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from assure.core import clock

from . import trail
from .models import ApiToken, AuditEvent

# Recording every use would write a row on every API call; once a minute is enough
# to say when a token was last used.
LAST_USED_EVERY = timedelta(minutes=1)


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


def token_for(token: str) -> ApiToken | None:
    """The live token row for a bearer token (its user with it), noting when it was used."""
    now = clock.now()
    row = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(token), expires__gt=now, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    if getattr(row.user, "is_demo", False) and not settings.ASSURE_DEMO:
        return None
    if row.last_used is None or now - row.last_used >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
        row.last_used = now
    return row


def user_for_token(token: str) -> Any | None:
    row = token_for(token)
    return row.user if row is not None else None


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The person's own tokens that still work, newest first (never anyone else's)."""
    return ApiToken.objects.filter(user=user, expires__gt=clock.now()).order_by("-created", "-id")


@transaction.atomic
def api_token_revoke(*, user: Any, token_id: int) -> None:
    """End one of the person's own tokens; someone else's is not found (404)."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise Http404
    trail.record(
        actor=user,
        action=AuditEvent.Action.TOKEN,
        summary="Revoked an API token",
        object_type="core.apitoken",
        object_id=str(token_id),
    )


@transaction.atomic
def api_tokens_end(*, user: Any, reason: str) -> int:
    """End every token of a person (their password changed, or they were deactivated)."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    if deleted:
        trail.record(
            actor=None,
            username=user.get_username(),
            action=AuditEvent.Action.TOKEN,
            summary=f"Ended {deleted} API token{'s' if deleted != 1 else ''}: {reason}",
            obj=user,
        )
    return deleted
