"""Where actions come from: each QA activity registers how its actions link back.

An app that raises actions (audits, moderation, chairs' alerts) calls
`register_source("audit", "Case audit", lambda source_id: reverse(...))` once,
for example in its `AppConfig.ready`. Unregistered source types still show,
by their name, without a link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    source_type: str
    label: str
    link: Callable[[str], str] | None = None


_SOURCES: dict[str, Source] = {}


def register_source(source_type: str, label: str, link: Callable[[str], str] | None = None) -> None:
    _SOURCES[source_type] = Source(source_type, label, link)


def source_label(source_type: str) -> str:
    if not source_type:
        return "Raised on its own"
    known = _SOURCES.get(source_type)
    return known.label if known else source_type.replace("_", " ").capitalize()


def source_link(source_type: str, source_id: str) -> str:
    known = _SOURCES.get(source_type)
    if known is None or known.link is None or not source_id:
        return ""
    try:
        return known.link(source_id)
    except Exception:  # a source that no longer resolves must not break a list of actions
        return ""


register_source("audit", "Case audit")
register_source("moderation", "Audit moderation")
register_source("meeting_qa", "Chair's meeting QA")
register_source("alert", "Practice alert")
