"""Drawn charts, kept by what they show and shared by every worker.

Drawing a chart (vl-convert) costs 35 to 130 ms warm and about a second for the
first chart a process draws, so a page of seven charts drawn in the request was
the slowest first view in Assure. Here each drawing is stored under the
fingerprint of what the chart shows (its key, title, data table and sentence),
in the `charts` cache (files under the var directory, or Redis in production),
in front of which each process keeps the ones it used last.

Why this cannot show one person another's figures: a chart is only ever looked
up from a `Chart` the request built itself, under that reader's permissions and
suppression, and the fingerprint is of exactly what it shows; two readers get the
same drawing only when they were allowed to build the same chart. Why it is never
stale: a change in the figures is a change in the fingerprint, so the next page
asks for a drawing that does not exist yet; nothing has to be invalidated.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from django.core.cache import caches

_LOCAL_SIZE = 256
_local: OrderedDict[str, bytes] = OrderedDict()


def _remember(key: str, value: bytes) -> None:
    _local[key] = value
    _local.move_to_end(key)
    while len(_local) > _LOCAL_SIZE:
        _local.popitem(last=False)


def drawn(key: str, draw: Callable[[], bytes]) -> bytes:
    """The drawing stored under `key`, drawn (and stored) only if no worker has yet."""
    found = _local.get(key)
    if found is not None:
        _local.move_to_end(key)
        return found
    store = caches["charts"]
    stored = store.get(key)
    if not isinstance(stored, bytes):
        stored = draw()
        store.set(key, stored)
    _remember(key, stored)
    return stored


def is_drawn(key: str) -> bool:
    return key in _local or caches["charts"].has_key(key)


def forget_local() -> None:
    """Tests: start a process's own memory afresh (the shared store is kept)."""
    _local.clear()


# -------------------------------------------------------------- granted drawings
#
# A page that shows a chart has just built it under its reader's permissions, so it
# can hand that reader a signed note: "this person may have the drawing with this
# fingerprint". The image request then serves the stored drawing without building
# the page's figures again (the chairs' dashboard's seven images each cost as much as
# the page). The note is signed with the secret key and names the reader, so it is
# worth nothing to anyone else, and it lapses after an hour; without it, or once the
# drawing has left the store, the image is built from the figures as before.

GRANT_SECONDS = 3600
_SALT = "assure.reports.chart-grant"


def grant(user_id: int, fingerprint: str) -> str:
    from django.core.signing import TimestampSigner

    return TimestampSigner(salt=_SALT).sign(f"{user_id}:{fingerprint}")


def granted_svg(user_id: int | None, note: str) -> str | None:
    """The stored SVG a valid note from this reader names, or None (build it instead)."""
    from django.core.signing import BadSignature, TimestampSigner

    if not note or user_id is None:
        return None
    try:
        value = TimestampSigner(salt=_SALT).unsign(note, max_age=GRANT_SECONDS)
    except BadSignature:  # tampered, another reader's, or lapsed (SignatureExpired)
        return None
    owner, _, fingerprint = value.partition(":")
    if owner != str(user_id):
        return None
    key = f"svg:{fingerprint}"
    found = _local.get(key)
    if found is None:
        stored = caches["charts"].get(key)
        found = stored if isinstance(stored, bytes) else None
    return found.decode("utf-8") if found is not None else None
