"""Sign-in rules beyond Django's: demo accounts only in demo mode, and limits on guessing.

django-axes pauses one username from one address after five wrong passwords
(ADR 0006). That alone let 28 wrong guesses over 7 accounts from one address,
or a slow guess at one account from many addresses, go unchecked, so two more
limits count the failed sign-ins the trail already records, over the last hour:

- one username, from any address (`ASSURE_SIGN_IN_LIMIT_PER_USERNAME`, 10);
- one address, over any usernames (`ASSURE_SIGN_IN_LIMIT_PER_ADDRESS`, 20).

The address is the person's, not the proxy's (`middleware.client_ip` and
`ASSURE_TRUSTED_PROXIES`), so one guesser behind the council's proxy pauses only
themselves. A paused sign-in is refused even with the right password.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import clock
from .middleware import client_ip
from .models import AuditEvent


class AssureModelBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.ASSURE_DEMO:
            return False
        return super().user_can_authenticate(user)


def guess_limit_reached(*, username: str, address: str | None) -> str:
    """Which limit this sign-in would exceed ("username", "address"), or ""."""
    since = clock.now() - timedelta(seconds=settings.ASSURE_SIGN_IN_LIMIT_WINDOW_SECONDS)
    failures = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED, at__gte=since)
    limit = settings.ASSURE_SIGN_IN_LIMIT_PER_USERNAME
    if failures.filter(actor_username=username[:150])[:limit].count() >= limit:
        return "username"
    limit = settings.ASSURE_SIGN_IN_LIMIT_PER_ADDRESS
    if address and failures.filter(ip_address=address)[:limit].count() >= limit:
        return "address"
    return ""


class GuessLimitBackend:
    """First in AUTHENTICATION_BACKENDS: refuses a password sign-in over either limit.

    Deliberately no `get_user`: it never signs anyone in, so sessions (and the test
    client's force_login) name the backend that did.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None or username is None or password is None:
            return None
        reason = guess_limit_reached(username=username, address=client_ip(request))
        if reason:
            # The AxesMiddleware answers a locked-out request with `lockout_response`.
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.assure_locked_by = reason  # type: ignore[attr-defined]
            raise PermissionDenied  # no other backend is asked
        return None


PAUSED = "Too many wrong passwords. Sign-in is paused; wait, then try again."


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """429 for every lockout: JSON `{"detail"}` for the API, the explanation page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": PAUSED}, status=429)
    context = {
        "reason": getattr(request, "assure_locked_by", "pair"),
        "window_minutes": settings.ASSURE_SIGN_IN_LIMIT_WINDOW_SECONDS // 60,
        "pair_minutes": int(settings.AXES_COOLOFF_TIME * 60),
    }
    return render(request, "core/locked_out.html", context, status=429)
