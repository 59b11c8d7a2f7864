"""Where actions come from: each QA activity registers how its actions link back.

An app that raises actions (audits, moderation, chairs' alerts) calls
`register_source("audit", "Case audit", lambda source_id: reverse(...))` once,
for example in its `AppConfig.ready`. Unregistered source types still show,
by their name, without a link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


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


@dataclass(frozen=True)
class ActionNote:
    """A sentence another app adds to an action's page; `warning` when it contradicts it."""

    text: str
    warning: bool = False


# What other apps know about an action that its own page should say (a moderator's
# check of it): each provider takes the action and returns its notes.
NoteProvider = Callable[[Any], list[ActionNote]]
_NOTES: list[NoteProvider] = []


def register_action_notes(provider: NoteProvider) -> None:
    _NOTES.append(provider)


def action_notes(action: Any) -> list[ActionNote]:
    return [note for provider in _NOTES for note in provider(action)]


register_source("audit", "Case audit")
register_source("moderation", "Audit moderation")
register_source("meeting_qa", "Chair's meeting QA")
register_source("alert", "Practice alert")
