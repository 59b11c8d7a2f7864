"""Guarding views: every view says which permission it needs, or that it is public.

The URL-walking test reads `assure_permission` / `assure_public` off every view
the project routes, so a view without one of these decorators fails the suite.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from assure.core.roles import Perm

from .policy import has_perm

V = TypeVar("V", bound=Callable[..., HttpResponse])


def requires(perm: Perm, *, object_level: bool = False) -> Callable[[V], V]:
    """Signed-in users holding `perm` only; others are sent to sign in or refused.

    `object_level=True` says the view also checks the object itself (only the
    allocated auditor answers an audit), so a holder of `perm` may still get
    403 or 404 there; the URL walk allows for that.
    """

    def decorate(view: V) -> V:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_perm(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.assure_permission = perm  # type: ignore[attr-defined]
        guarded.assure_object_level = object_level  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def public(view: V) -> V:
    """Open to anyone (sign-in, health check, accessibility statement)."""
    view.assure_public = True  # type: ignore[attr-defined]
    return view
