"""Where the QA unit is on its first audit cycle: cycle, sample, allocation.

The guided path (views/first_cycle.py) and the "Start your first audit cycle"
panel read this; the work itself is done by the usual services, so the guided
path draws and allocates exactly as the cycle and sample pages do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .models import Cycle, Sample
from .policy import CYCLES

STEPS = (
    (1, "Create the cycle"),
    (2, "Draw the sample"),
    (3, "Allocate the audits to team managers"),
)


@dataclass
class FirstCycle:
    cycle: Cycle | None
    sample: Sample | None

    @property
    def allocated(self) -> bool:
        return self.sample is not None and self.sample.status == Sample.Status.ALLOCATED

    @property
    def step(self) -> int:
        """The step to do next: 1 to 3, or 4 when all three are done."""
        if self.cycle is None:
            return 1
        if self.sample is None:
            return 2
        return 4 if self.allocated else 3


def first_cycle_for(user: Any) -> FirstCycle | None:
    """The first cycle's progress, or None once the authority is past it (a second
    cycle exists), when the guided path has nothing more to offer."""
    cycles = list(CYCLES.visible_to(user).order_by("starts_on", "pk")[:2])
    if len(cycles) > 1:
        return None
    cycle = cycles[0] if cycles else None
    sample = cycle.samples.select_related("cycle").order_by("round").first() if cycle else None
    return FirstCycle(cycle=cycle, sample=sample)


def cycle_defaults(user: Any) -> dict[str, Any]:
    """What a new cycle form starts from: the authority's first cycle while there is no cycle."""
    from assure.authority import settings_reader

    if CYCLES.visible_to(user).exists():
        return {}
    chosen = settings_reader.first_cycle()
    if chosen is None:
        return {}
    values: dict[str, Any] = {"year": chosen.year, "number": chosen.number}
    starts_on: date | None = chosen.starts_on
    if starts_on is not None:
        values["starts_on"] = starts_on
    return values
