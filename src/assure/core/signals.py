"""Sign-ins, failed sign-ins and sign-outs go into the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from . import trail
from .models import AuditEvent


def _recorded_already(request: HttpRequest | None) -> bool:
    # Entra ID sign-in (core.oidc) writes its own event, with the identity and the reason.
    return bool(getattr(request, "assure_sign_in_recorded", False))


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if _recorded_already(request):
        return
    trail.record(actor=user, action=AuditEvent.Action.SIGN_IN, summary="Signed in", request=request)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        trail.record(
            actor=user, action=AuditEvent.Action.SIGN_OUT, summary="Signed out", request=request
        )


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if _recorded_already(request):
        return
    username = str(credentials.get("username", ""))[:150]
    trail.record(
        actor=None,
        action=AuditEvent.Action.SIGN_IN_FAILED,
        summary=f"Failed sign-in for {username!r}",
        username=username,
        request=request,
    )
