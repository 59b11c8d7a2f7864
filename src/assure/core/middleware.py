"""Security headers, inactivity timeout and the current request for the audit trail."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from .request_context import reset_current_request, set_current_request

Handler = Callable[[HttpRequest], HttpResponse]


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy and permissions policy on every response."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.csp = settings.ASSURE_CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_current_request(request)
        try:
            response = self.get_response(request)
        finally:
            reset_current_request(token)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Child-level pages must not sit in shared or browser caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class InactivityTimeoutMiddleware:
    """Ends a session after SESSION_COOKIE_AGE seconds without a request.

    Refreshing the expiry on every request would write the session row every
    time; refreshing at most once a minute keeps the timeout honest to within
    a minute and the pages fast.
    """

    KEY = "assure_last_seen"

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.headers.get("Authorization"):
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            if last_seen is not None and now - int(last_seen) > settings.SESSION_COOKIE_AGE:
                logout(request)
            elif (
                last_seen is None or now - int(last_seen) > settings.ASSURE_SESSION_REFRESH_SECONDS
            ):
                request.session[self.KEY] = now
        return self.get_response(request)
