"""The demo: Wealdshire, a fictional county with a year of Assure's work in it.

`demo_load(children=..., today=...)` builds it once: the county (`county`), a
year of case audits and the cycle under way (`audits`), the chairs' QA
(`reviews`) and a year of Annex A (`insight`). Only local and demo settings
load it (`ASSURE_DEMO`); `assure demo load` is its command. No other part of
Assure imports this package: the demo builds on the services and models,
never the other way round.

This module imports nothing of Django's at load time, because Django imports
it (as an installed app) before the models are ready.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .load import DemoSummary


def demo_load(*, children: int = 8000, today: date | None = None) -> DemoSummary:
    """Load the demo county once (see `load.demo_load`); later calls refresh its passwords."""
    from .load import demo_load as load

    return load(children=children, today=today)
