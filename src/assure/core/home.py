"""The home page is assembled from panels that each app contributes.

An app registers a provider; the provider looks at the user's access and
returns a panel (or nothing). Later capabilities (audits awaiting you, alerts
you must answer) join the home page by registering one more provider.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .policy import Access


@dataclass(frozen=True)
class ChaseButton:
    """A "send a reminder" button (`core.chasing`), or a note that one went today."""

    kind: str
    object_id: int
    label: str  # "Remind Ivo Jessop"
    sent_today: bool = False


@dataclass
class PanelItem:
    text: str
    link: str = ""
    meta: str = ""
    chase: ChaseButton | None = None


@dataclass
class PanelTable:
    """A small table on the home page; the first cell of each row heads it."""

    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class Panel:
    key: str
    title: str
    empty_text: str
    items: list[PanelItem] = field(default_factory=list)
    figure: int | None = None  # a headline number, where the panel has one
    figure_label: str = ""
    figure_unit: str = ""  # written against the figure: "%"
    more_link: str = ""
    more_text: str = ""
    order: int = 50
    tables: list[PanelTable] = field(default_factory=list)
    links: list[PanelItem] = field(default_factory=list)  # further ways in, below the items
    wide: bool = False  # spans the page (a panel with a table)


# The homes that lead with what needs doing: the QA unit's (with the principal social
# worker, who leads practice quality with it) and the directors'.
QA_HOME_ROLES = frozenset({"qa_manager", "qa_pdm", "qa_sso", "principal_social_worker"})
DIRECTOR_HOME_ROLES = frozenset({"director", "corporate_director", "assistant_director"})


def has_qa_home(access: Access) -> bool:
    return bool(QA_HOME_ROLES & set(access.role_keys))


def has_director_home(access: Access) -> bool:
    return bool(DIRECTOR_HOME_ROLES & set(access.role_keys))


# A provider gives one panel, several (when they share what they read), or none.
Provider = Callable[[Any, Access], "Panel | list[Panel] | None"]
_PROVIDERS: list[Provider] = []


def home_panel(provider: Provider) -> Provider:
    """Register a provider of one home-page panel."""
    _PROVIDERS.append(provider)
    return provider


def panels_for(user: Any, access: Access) -> list[Panel]:
    panels: list[Panel] = []
    for provider in _PROVIDERS:
        given = provider(user, access)
        if isinstance(given, list):
            panels.extend(given)
        elif given is not None:
            panels.append(given)
    return sorted(panels, key=lambda p: p.order)
