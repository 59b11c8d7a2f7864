from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .navigation import NAVIGATION
from .policy import access_for


@lru_cache(maxsize=64)
def _url(name: str) -> str:
    """Navigation targets take no arguments, so each is reversed once per process."""
    return reverse(name)


def assure(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    access = access_for(user)
    path = request.path
    nav = []
    for item in NAVIGATION:
        if item.perm in access.perms:
            url = _url(item.url_name)
            current = path == url if url == "/" else path.startswith(url)
            nav.append({"label": item.label, "url": url, "current": current})
    return {
        "authority_name": settings.ASSURE_AUTHORITY_NAME,
        "navigation": nav,
        "access": access,
        "demo_mode": settings.ASSURE_DEMO,
    }
