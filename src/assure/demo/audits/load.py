"""The audit demo's entry points: a year of history and the cycle under way, or
more finalised history for benchmarks and volume testing."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from assure.actions.models import Action
from assure.audits.models import AppreciativeInquiry, Audit, Cycle, add_months
from assure.core import clock

from .common import PER_ROUND, SEED, when
from .county import load_county
from .current_cycle import current_cycle
from .history import past_cycles


@dataclass
class AuditDemoSummary:
    created: bool
    cycles: int
    audits: int
    actions: int
    inquiries: int


def _summary(created: bool) -> AuditDemoSummary:
    return AuditDemoSummary(
        created=created,
        cycles=Cycle.objects.count(),
        audits=Audit.objects.count(),
        actions=Action.objects.filter(source_type="audit").count(),
        inquiries=AppreciativeInquiry.objects.count(),
    )


def _cutoff(today: date) -> datetime:
    return min(clock.now(), when(today, 7))


@transaction.atomic
def audits_demo_load(
    *, today: date | None = None, seed: int = SEED, per_round: int = PER_ROUND
) -> AuditDemoSummary:
    """A year of audit history (three finalised cycles) and the current cycle in month 1.

    Needs the demo county (`assure.demo.demo_load`). Does nothing when any
    audit cycle exists already, so loading twice never duplicates.
    """
    if Cycle.objects.exists():
        return _summary(created=False)
    today = today or clock.today()
    county = load_county(random.Random(seed), _cutoff(today))
    if "demo-qa" not in county.demo or not county.teams:
        raise RuntimeError("Load the demo county first: its teams and demo users are missing.")
    start = today.replace(day=1)
    past_cycles(county, [add_months(start, -4 * k) for k in (3, 2, 1)], per_round)
    current_cycle(county, start=start, today=today, per_round=per_round)
    return _summary(created=True)


@transaction.atomic
def audits_history_load(
    *, cycles: int = 3, per_round: int = PER_ROUND, seed: int = SEED + 1, today: date | None = None
) -> int:
    """More finalised history: `cycles` cycles before the earliest one there is.

    For benchmarks and volume testing. Returns how many audits it added.
    """
    today = today or clock.today()
    earliest = Cycle.objects.order_by("starts_on").first()
    first = earliest.starts_on if earliest else today.replace(day=1)
    county = load_county(random.Random(seed), _cutoff(today))
    # Oldest first, and before anything already there: nothing earlier was audited.
    starts = [add_months(first, -4 * k) for k in range(cycles, 0, -1)]
    return past_cycles(county, starts, per_round)
