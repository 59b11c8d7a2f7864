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


def _within(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


def assure(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    access = access_for(user)
    path = request.path
    nav: list[dict[str, Any]] = []
    for item in NAVIGATION:
        if item.perm in access.perms:
            nav.append({"label": item.label, "url": _url(item.url_name), "current": False})
    # One item is current: the one whose address is the longest start of this page's
    # (on /audits/insight/ that is "Audit findings", not "Audits" as well).
    within = [i for i in nav if _within(path, i["url"])]
    if within:
        current = max(within, key=lambda i: len(i["url"]))
        current["current"] = True
        # The page itself, or a page within that part (its own sub-menu marks the page).
        current["exact"] = path == current["url"]
    return {
        "authority_name": settings.ASSURE_AUTHORITY_NAME,
        "navigation": nav,
        "access": access,
        "demo_mode": settings.ASSURE_DEMO,
    }
