"""axe checks on the QA activity pages: audits, moderation, chairs' QA, actions, insight."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page

from assure.actions.services import action_create
from assure.audits import services as audit_services
from assure.audits.models import Audit
from assure.instruments.engine import tool_as_api
from assure.instruments.registry import tool_current
from assure.reviews import services as review_services
from tests.audits.conftest import answer_everything
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import World

pytestmark = pytest.mark.browser


@pytest.fixture
def qa_world(world: World) -> dict[str, Any]:
    """An allocated audit, a submitted one, a meeting awaiting QA and an alert."""
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    qa = world.user("qa_pdm")
    cycle = audit_services.cycle_create(actor=qa, year=2026, number=3, starts_on=date(2026, 9, 1))
    sample = audit_services.sample_draw(
        actor=qa, cycle=cycle, round=1, target=2, min_per_team=0, seed=4, on=date(2026, 9, 1)
    )
    sample.items.exclude(team=world.team_a).delete()
    audit_services.sample_allocate(actor=qa, sample=sample)
    audits = list(Audit.objects.order_by("pk"))
    submitted = audits[-1]
    manager = world.user("team_manager")
    audit_services.audit_save_draft(
        actor=manager,
        audit_id=submitted.pk,
        version=submitted.version,
        responses=answer_everything(tool_as_api(submitted.tool.parsed)),
    )
    submitted.refresh_from_db()
    audit_services.audit_submit(
        actor=manager, audit_id=submitted.pk, version=submitted.version, grade="good"
    )
    chair = world.user("cp_chair")
    meeting = review_services.meeting_create(
        actor=chair,
        kind="cp_conference",
        date=date(2026, 11, 2),
        case=world.cases["own"],
        chair=chair,
    )
    other = review_services.meeting_create(
        actor=chair,
        kind="cp_conference",
        date=date(2026, 11, 3),
        case=world.cases["team"],
        chair=chair,
    )
    review_services.meeting_qa_record(
        actor=chair,
        meeting_id=other.pk,
        grade="inadequate",
        concern="Unsafe plan",
        responses=answer_everything(tool_as_api(tool_current("cpc_qa").parsed)),
    )
    action = action_create(
        actor=manager,
        description="Update the plan",
        owner=world.user("practitioner"),
        due_date=date(2099, 1, 31),
        team=world.team_a,
        child_ref="REF-OWN",
    )
    return {
        "allocated": audits[0],
        "submitted": submitted,
        "meeting": meeting,
        "alert": other.alerts.get(),
        "action": action,
    }


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("team_manager", "/audits/"),
        ("team_manager", "/audits/{allocated}/answer/"),
        ("service_manager", "/audits/{submitted}/moderate/"),
        ("service_manager", "/audits/{submitted}/actions/new/"),  # a person chosen by name
        ("qa_pdm", "/audits/{allocated}/"),  # reallocating by name
        ("cp_chair", "/chairs/meetings/new/"),
        ("team_manager", "/actions/new/"),
        ("qa_pdm", "/audits/cycles/"),
        ("qa_pdm", "/audits/insight/completion/"),
        ("cp_chair", "/chairs/meetings/{meeting}/"),
        ("team_manager", "/chairs/alerts/{alert}/"),
        ("practitioner", "/actions/"),
        ("practitioner", "/actions/{action}/"),
        ("director", "/insight/"),
        ("director", "/chairs/dashboard/"),
        ("practitioner", "/cases/{case}/"),
    ],
)
def test_qa_pages_are_accessible(
    page: Page, world: World, qa_world: dict[str, Any], username: str, path: str
) -> None:
    sign_in(page, username)
    url = path.format(
        allocated=qa_world["allocated"].pk,
        submitted=qa_world["submitted"].pk,
        meeting=qa_world["meeting"].pk,
        alert=qa_world["alert"].pk,
        action=qa_world["action"].pk,
        case=world.cases["own"].pk,
    )
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response}"
    assert_accessible(page)
