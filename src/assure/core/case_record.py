"""The child's QA record: each QA activity contributes its section to the case page.

Like the home page's panels, an app registers a provider; the org app, which
owns the case page, need not know which QA activities exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .home import PanelItem


@dataclass
class CaseSection:
    key: str
    title: str
    empty_text: str
    items: list[PanelItem] = field(default_factory=list)
    order: int = 50


Provider = Callable[[Any, Any], CaseSection | None]
_PROVIDERS: list[Provider] = []


def case_section(provider: Provider) -> Provider:
    _PROVIDERS.append(provider)
    return provider


def case_sections(user: Any, case: Any) -> list[CaseSection]:
    sections = [s for s in (p(user, case) for p in _PROVIDERS) if s is not None]
    return sorted(sections, key=lambda s: s.order)
