"""An allocated audit in the small world: team A's manager audits the practitioner's case."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assure.audits import services
from assure.audits.models import Audit, Cycle
from tests.conftest import World


def answer_everything(tool: dict[str, Any]) -> dict[str, Any]:
    """A valid answer to every question of a tool in its API shape."""
    out: dict[str, Any] = {}
    for section in tool["sections"]:
        for q in section["questions"]:
            if q["type"] == "scale":
                out[q["key"]] = q["max"] - 2
            elif q["type"] == "choice":
                out[q["key"]] = q["options"][0]["value"]
            elif q["type"] == "yes_no":
                out[q["key"]] = "yes"
            elif q["type"] == "date":
                out[q["key"]] = "2026-10-01"
            else:
                out[q["key"]] = f"Answer to {q['key']}: visits were purposeful"
    return out


@pytest.fixture
def cycle(world: World) -> Cycle:
    return services.cycle_create(
        actor=world.user("qa_pdm"), year=2026, number=3, starts_on=date(2026, 9, 1)
    )


@pytest.fixture
def allocated(world: World, cycle: Cycle) -> Audit:
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    world.team_b.manager = world.user("other_practitioner")  # any person will do as auditor
    world.team_b.save()
    world.team_eh.manager = world.user("team_manager")
    world.team_eh.save()
    sample = services.sample_draw(
        actor=world.user("qa_pdm"),
        cycle=cycle,
        round=1,
        target=4,
        min_per_team=1,
        exclude_months=6,
        seed=7,
        on=date(2026, 9, 1),
    )
    services.sample_allocate(actor=world.user("qa_pdm"), sample=sample)
    return Audit.objects.get(case=world.cases["own"])
