"""Where the QA unit is on its first audit cycle: cycle, sample, allocation.

The guided path (views/first_cycle.py) and the "Start your first audit cycle"
panel read this; the work itself is done by the usual services, so the guided
path draws and allocates exactly as the cycle and sample pages do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import OuterRef, Subquery

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
    sample_id: int | None = None
    sample_status: str | None = None

    @cached_property
    def sample(self) -> Sample | None:
        """The first sample itself, for the guided pages (the home panel needs only its state)."""
        if self.sample_id is None:
            return None
        return Sample.objects.select_related("cycle").get(pk=self.sample_id)

    @property
    def allocated(self) -> bool:
        return self.sample_status == Sample.Status.ALLOCATED

    @property
    def step(self) -> int:
        """The step to do next: 1 to 3, or 4 when all three are done."""
        if self.cycle is None:
            return 1
        if self.sample_id is None:
            return 2
        return 4 if self.allocated else 3


def first_cycle_for(user: Any) -> FirstCycle | None:
    """The first cycle's progress, or None once the authority is past it (a second
    cycle exists), when the guided path has nothing more to offer."""
    # One query whatever the data (the home page's query count is pinned): the first
    # two cycles, each with its first sample's id and state.
    first = Sample.objects.filter(cycle=OuterRef("pk")).order_by("round", "pk")
    cycles = list(
        CYCLES.visible_to(user)
        .annotate(
            first_sample_id=Subquery(first.values("pk")[:1]),
            first_sample_status=Subquery(first.values("status")[:1]),
        )
        .order_by("starts_on", "pk")[:2]
    )
    if len(cycles) > 1:
        return None
    if not cycles:
        return FirstCycle(cycle=None)
    cycle = cycles[0]
    return FirstCycle(
        cycle=cycle,
        sample_id=getattr(cycle, "first_sample_id", None),
        sample_status=getattr(cycle, "first_sample_status", None),
    )


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
