"""The request being served, for services that record where a change came from.

Services take the acting user explicitly; only the audit trail's address and
browser come from here, so a service called from the CLI still works (no request).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.http import HttpRequest

_current: ContextVar[HttpRequest | None] = ContextVar("assure_request", default=None)


def current_request() -> HttpRequest | None:
    return _current.get()


def set_current_request(request: HttpRequest | None) -> object:
    return _current.set(request)


def reset_current_request(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
