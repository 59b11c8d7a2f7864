"""A practice alert from the chair's QA to its resolution, through a real browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from assure.core import clock
from assure.reviews import services
from assure.reviews.models import PracticeAlert
from tests.browser.conftest import HomePage, sign_in
from tests.conftest import World

pytestmark = pytest.mark.browser


def answer_the_tool(page: Page) -> None:
    """Answer every question of the QA form: the first option of each, 6 on a scale."""
    form = page.locator("form#form")
    names: list[str] = form.locator("input[type=radio]").evaluate_all(
        "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        if name != "grade":
            form.locator(f"input[type=radio][name='{name}']").first.check()
    for number in form.locator("input[type=number]").all():
        number.fill("6")


def test_inadequate_qa_alert_escalates_and_the_chair_resolves_it(page: Page, world: World) -> None:
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    chair = world.user("cp_chair")
    meeting = services.meeting_create(
        actor=chair,
        kind="cp_conference",
        date=clock.today() - timedelta(days=1),
        case=world.cases["own"],
        chair=chair,
    )

    # The chair records an inadequate QA in the page.
    home = sign_in(page, "cp_chair")
    expect(home.panel("Meetings awaiting your QA")).to_contain_text("REF-OWN")
    page.goto(f"/chairs/meetings/{meeting.pk}/")
    answer_the_tool(page)
    page.locator("input[name=grade][value=inadequate]").check()
    page.locator("textarea[name=concern]").fill("The plan does not address the risk of neglect.")
    page.get_by_role("button", name="Record the QA").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("QA recorded")
    alert = PracticeAlert.objects.get(meeting=meeting)
    # The alert is linked under its own heading, not under the mid-way reviews.
    expect(page.get_by_role("heading", name="Practice alerts")).to_be_visible()
    expect(page.get_by_role("link", name=f"Practice alert {alert.pk}: stage 1")).to_be_visible()
    assert alert.owner == world.user("team_manager")

    # It appears on the team manager's home page.
    page.context.clear_cookies()
    home = sign_in(page, "team_manager")
    panel = home.panel("Practice alerts for you to answer")
    expect(panel).to_contain_text("The plan does not address the risk")
    expect(panel).to_contain_text("Stage 1")

    # Nobody answers in time: the scheduled escalation moves it to the service manager.
    assert services.alerts_escalate(now=alert.due + timedelta(minutes=1)) == 1
    page.reload()
    expect(HomePage(page).panel("Practice alerts for you to answer")).to_contain_text(
        "No practice alerts need your response."
    )
    page.context.clear_cookies()
    home = sign_in(page, "service_manager")
    panel = home.panel("Practice alerts for you to answer")
    expect(panel).to_contain_text("Stage 2")
    panel.get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("2: Service manager")
    page.locator("textarea[name=text]").fill("Supervision held; the plan is being rewritten.")
    page.get_by_role("button", name="Send response").click()
    expect(page.locator("main")).to_contain_text("Responded")

    # The chair who raised it resolves it.
    page.context.clear_cookies()
    sign_in(page, "cp_chair")
    page.goto(f"/chairs/alerts/{alert.pk}/")
    page.locator("textarea[name=text]").fill("The rewritten plan addresses the risk.")
    page.get_by_role("button", name="Resolve the alert").click()
    expect(page.locator("main")).to_contain_text("Alert resolved")
    history = page.locator("table").last
    for kind in ("Raised", "Escalated", "Responded", "Resolved"):
        expect(history).to_contain_text(kind)
    alert.refresh_from_db()
    assert alert.status == PracticeAlert.Status.RESOLVED and alert.stage == 2
