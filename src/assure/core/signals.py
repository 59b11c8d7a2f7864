"""Sign-ins, failed sign-ins and sign-outs go into the audit trail; tokens end with passwords."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from . import trail
from .models import AuditEvent
from .tokens import api_tokens_end


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


# A person's API tokens end when their password changes or they are deactivated ----------

_END_TOKENS = "_assure_end_tokens"


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _note_password_or_deactivation(sender: Any, instance: Any, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if instance.pk is None or (fields is not None and not {"password", "is_active"} & set(fields)):
        return  # a new account, or a save that cannot touch either (e.g. last_login)
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password:
        setattr(instance, _END_TOKENS, "password changed")
    elif before["is_active"] and not instance.is_active:
        setattr(instance, _END_TOKENS, "account deactivated")


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _end_tokens(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    reason = instance.__dict__.pop(_END_TOKENS, None)
    if reason:
        api_tokens_end(user=instance, reason=reason)
