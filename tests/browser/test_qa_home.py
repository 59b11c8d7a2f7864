"""The QA manager's home, through a real browser: what is late, and a reminder sent from it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from assure.audits.models import Audit, Cycle, add_months
from assure.core import clock
from assure.core.models import Notification
from assure.instruments.registry import tool_current
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_the_qa_manager_sees_an_overdue_audit_and_reminds_its_auditor(
    page: Page, world: World
) -> None:
    today = clock.today()
    cycle = Cycle.objects.create(
        year=today.year, number=1, starts_on=add_months(today.replace(day=1), -1)
    )
    case = world.cases["own"]
    Audit.objects.create(
        cycle=cycle,
        case=case,
        team=case.team,
        tool=tool_current("cype_audit"),
        auditor=world.user("team_manager"),
        practitioner=case.allocated_worker,
        due_date=today - timedelta(days=10),
    )
    home = sign_in(page, "qa_manager")
    panel = home.panel("Overdue audits")
    expect(panel).to_contain_text("A Family Support: audit by Team_Manager Tester")
    expect(panel).to_contain_text("working days")
    expect(home.panel(f"This cycle's audits ({cycle.label})")).to_contain_text("By auditor")
    assert_accessible(page)

    panel.get_by_role("button", name="Remind Team_Manager Tester").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Reminder sent to Team_Manager Tester."
    )
    expect(home.panel("Overdue audits")).to_contain_text("Reminded today")
    expect(home.panel("Overdue audits").get_by_role("button")).to_have_count(0)
    assert_accessible(page)
    assert (
        Notification.objects.filter(
            kind="chase_audit_overdue", user=world.user("team_manager")
        ).count()
        == 1
    )
