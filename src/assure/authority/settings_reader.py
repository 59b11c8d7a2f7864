"""What the authority is called and which DfE code it has, wherever that was set.

The authority's settings row wins; before `assure setup` has run, the
deployment's environment speaks for it (the demo runs so). Read once per
request at most: the row is cached and the cache is dropped when it changes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from .models import AuthoritySettings

_KEY = "authority-settings:v1"
_NONE = "none"


def current() -> AuthoritySettings | None:
    cached = cache.get(_KEY)
    if cached == _NONE:
        return None
    if isinstance(cached, AuthoritySettings):
        return cached
    row = AuthoritySettings.objects.order_by("pk").first()
    cache.set(_KEY, row if row is not None else _NONE, 300)
    return row


def forget() -> None:
    cache.delete(_KEY)


def authority_name() -> str:
    row = current()
    return row.name if row else str(settings.ASSURE_AUTHORITY_NAME)


def la_code() -> str | None:
    row = current()
    return row.la_code if row else (settings.ASSURE_LA_CODE or None)


def protective_marking() -> str:
    row = current()
    default = getattr(settings, "ASSURE_PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
    return row.protective_marking if row else str(default)


def is_demonstration() -> bool:
    """The demonstration banner shows only in demo mode before an authority is set up."""
    return bool(settings.ASSURE_DEMO) and current() is None
