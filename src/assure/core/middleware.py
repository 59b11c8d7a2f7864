"""Security headers, inactivity timeout, the client's address and the current request."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from .request_context import reset_current_request, set_current_request

Handler = Callable[[HttpRequest], HttpResponse]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_proxies(setting: str) -> tuple[Network, ...]:
    """ASSURE_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges."""
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False)
        for part in setting.split(",")
        if part.strip()
    )


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person, not of the proxy in front of Assure.

    X-Forwarded-For is believed only as far as it was written by a trusted proxy:
    starting from the connection's own address, while that hop is a trusted proxy
    the next address to the left in the header is taken; the first address that is
    not a trusted proxy is the client. Anyone can write the header, so an address
    the client wrote about itself is never believed (ADR 0006).
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = trusted_proxies(getattr(settings, "ASSURE_TRUSTED_PROXIES", ""))
    if not proxies or remote is None:
        return remote
    hop = _parse(remote)
    forwarded = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    while hop is not None and any(hop in net for net in proxies) and forwarded:
        nearer = _parse(forwarded.pop())
        if nearer is None:  # a garbled header: stop at the last hop we can vouch for
            break
        hop = nearer
    return str(hop) if hop is not None else remote


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


def session_seconds_left(request: HttpRequest) -> int:
    """How long this session has before the inactivity timeout ends it, in seconds.

    Pages that hold unsaved work (the audit form) tell the browser, so that it can
    warn a few minutes before and keep what was typed (core/static/assure/form-keeper.js).
    """
    last_seen = request.session.get(InactivityTimeoutMiddleware.KEY)
    if last_seen is None:
        return int(settings.SESSION_COOKIE_AGE)
    idle = int(time.time()) - int(last_seen)
    return max(0, int(settings.SESSION_COOKIE_AGE) - idle)


def session_refresh(request: HttpRequest) -> int:
    """Count this moment as activity now (not within the minute), and say how long is left."""
    request.session[InactivityTimeoutMiddleware.KEY] = int(time.time())
    return session_seconds_left(request)


def session_context(request: HttpRequest) -> dict[str, int]:
    """What includes/form_keeper.html and the form's data attributes need."""
    return {
        "session_seconds": session_seconds_left(request),
        "session_minutes": int(settings.SESSION_COOKIE_AGE) // 60,
    }
