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


@dataclass
class PanelItem:
    text: str
    link: str = ""
    meta: str = ""


@dataclass
class Panel:
    key: str
    title: str
    empty_text: str
    items: list[PanelItem] = field(default_factory=list)
    figure: int | None = None  # a headline number, where the panel has one
    figure_label: str = ""
    more_link: str = ""
    more_text: str = ""
    order: int = 50


Provider = Callable[[Any, Access], Panel | None]
_PROVIDERS: list[Provider] = []


def home_panel(provider: Provider) -> Provider:
    """Register a provider of one home-page panel."""
    _PROVIDERS.append(provider)
    return provider


def panels_for(user: Any, access: Access) -> list[Panel]:
    panels = [p for p in (provider(user, access) for provider in _PROVIDERS) if p is not None]
    return sorted(panels, key=lambda p: p.order)
