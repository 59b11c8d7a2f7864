"""A year of Annex A for the demo county, imported month by month (`load`): the
county's children (`county`), the simulated months of events (`history`,
`events`), and each month end's extract as the files an authority sends
(`extract`, `headers`, `codes`)."""

from __future__ import annotations

from .calendar import month_ends
from .codes import UNKNOWN_TEAM
from .load import insight_demo_load

__all__ = ["UNKNOWN_TEAM", "insight_demo_load", "month_ends"]
