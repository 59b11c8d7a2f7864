from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assure.instruments.engine import tool_as_api
from assure.instruments.registry import tool_current
from assure.reviews import services
from assure.reviews.models import Meeting
from tests.audits.conftest import answer_everything
from tests.conftest import World


def qa_answers(kind: str) -> dict[str, Any]:
    key = "cpc_qa" if kind == "cp_conference" else "iro_qa"
    return answer_everything(tool_as_api(tool_current(key).parsed))


@pytest.fixture
def meetings(world: World) -> dict[str, Meeting]:
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    practitioner = world.user("practitioner")
    practitioner.line_manager = world.user("team_manager")
    practitioner.save()
    chair = world.user("cp_chair")
    return {
        "cp": services.meeting_create(
            actor=chair,
            kind="cp_conference",
            date=date(2026, 11, 2),
            case=world.cases["own"],
            chair=chair,
        ),
        "cp2": services.meeting_create(
            actor=chair,
            kind="cp_conference",
            date=date(2026, 11, 3),
            case=world.cases["team"],
            chair=chair,
        ),
        # A chair enters only the meetings they chaired: the IRO enters their own.
        "other_chair": services.meeting_create(
            actor=world.user("iro"),
            kind="cic_review",
            date=date(2026, 11, 4),
            case=world.cases["own"],
            chair=world.user("iro"),
        ),
    }
