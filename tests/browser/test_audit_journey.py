"""The audit loop in a real browser: audit, submit, moderate with a changed grade and an
action, finalise, and the auditor downloads the finalised Word document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect

from assure.audits import services
from assure.audits.models import Audit
from assure.core import clock
from assure.instruments.definitions import ToolDefinition
from tests.browser.conftest import sign_in
from tests.conftest import World

pytestmark = pytest.mark.browser

REASON = "Management oversight is not evident for three months, so practice is not yet good."
ACTION = "Record reflective supervision on this case within the month."


@pytest.fixture
def people(browser: Browser, live_server: Any) -> Iterator[Any]:
    """A separate browser (its own cookies) for each person in the journey."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


def allocate_to_team_manager(world: World) -> Audit:
    """This month's sample, with the team manager auditing the practitioner's case."""
    qa, manager = world.user("qa_pdm"), world.user("team_manager")
    for team, person in [
        (world.team_a, manager),
        (world.team_b, world.user("other_practitioner")),
        (world.team_eh, manager),
    ]:
        team.manager = person
        team.save()
    today = clock.today()
    cycle = services.cycle_create(
        actor=qa, year=today.year, number=(today.month - 1) // 4 + 1, starts_on=today
    )
    sample = services.sample_draw(
        actor=qa, cycle=cycle, round=1, target=4, min_per_team=1, seed=7, on=today
    )
    services.sample_allocate(actor=qa, sample=sample)
    return Audit.objects.select_related("case__child", "tool").get(case=world.cases["own"])


def answer_every_question(page: Page, tool: ToolDefinition) -> None:
    for question in tool.questions.values():
        name = question.key
        if question.type == "scale":
            assert question.max is not None
            page.locator(f"input[name='{name}'][value='{question.max - 2}']").check()
        elif question.type == "choice":
            value = question.options[0].value
            page.locator(f"input[name='{name}'][value='{value}']").check()
        elif question.type == "yes_no":
            page.locator(f"input[name='{name}'][value='yes']").check()
        elif question.type == "date":
            page.locator(f"input[name='{name}']").fill(clock.today().isoformat())
        else:
            page.locator(f"textarea[name='{name}']").fill(
                f"{question.label}: purposeful visits, the child's voice is clear."
            )


def test_auditor_submits_moderator_changes_grade_and_auditor_downloads_the_document(
    world: World, people: Any, tmp_path: Path
) -> None:
    audit = allocate_to_team_manager(world)
    reference = audit.case.child.reference

    # The auditor finds the audit on the home page, answers everything and submits.
    auditor = people()
    home = sign_in(auditor, "team_manager")
    waiting = home.panel("Audits waiting for you")
    waiting.get_by_role("link", name=f"Audit of case {reference}").click()
    expect(auditor.get_by_role("heading", level=1)).to_have_text(f"Audit of case {reference}")
    answer_every_question(auditor, audit.tool.parsed)
    auditor.locator("input[name='grade'][value='good']").check()
    auditor.get_by_role("button", name="Submit for moderation").click()
    expect(auditor.locator(".govuk-notification-banner")).to_contain_text(
        "Audit submitted for moderation"
    )
    audit.refresh_from_db()
    assert audit.status == Audit.Status.SUBMITTED and audit.auditor_grade == "good"
    assert audit.moderator == world.user("service_manager")

    # The moderator changes the grade with a reason, adds an action and finalises.
    moderator = people()
    sign_in(moderator, "service_manager")
    moderator.goto("/audits/moderation/")
    moderator.get_by_role("link", name=reference).first.click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text(
        f"Moderate the audit of case {reference}"
    )
    # The auditor's answers are beside the decision.
    expect(moderator.locator("main")).to_contain_text("What the auditor found")
    moderator.locator("input[name='meeting_date']").fill(clock.today().isoformat())
    # The new grade and its reason appear once "change" is chosen.
    expect(moderator.locator("select[name='grade']")).to_be_hidden()
    moderator.locator("input[name='decision'][value='change']").check()
    expect(moderator.locator("select[name='grade']")).to_be_visible()
    moderator.locator("select[name='grade']").select_option("requires_improvement")
    moderator.locator("textarea[name='reason']").fill(REASON)
    moderator.get_by_role("button", name="Record the moderation").click()
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("Moderation recorded")

    moderator.get_by_role("link", name="Add an action").click()
    moderator.locator("textarea[name='description']").fill(ACTION)
    # Chosen by name, as colleagues know each other.
    moderator.locator("input[name='owner']").fill(world.user("practitioner").get_full_name())
    due = clock.today() + timedelta(days=14)
    moderator.locator("input[name='due_date']").fill(due.isoformat())
    moderator.get_by_role("button", name="Add the action").click()
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("Action added")
    expect(moderator.locator("main")).to_contain_text(ACTION)

    moderator.get_by_role("button", name="Finalise").click()
    expect(moderator.locator("main")).to_contain_text("cannot be undone")
    moderator.get_by_role("button", name="Yes, finalise the audit").click()
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("Audit finalised")
    audit.refresh_from_db()
    assert audit.status == Audit.Status.FINALISED
    assert (audit.auditor_grade, audit.final_grade) == ("good", "requires_improvement")

    # The auditor is told, opens the audit from the notification and downloads it.
    auditor.goto("/notifications/")
    # Notifications (and the emails made from them) name no child and no grade.
    told = auditor.get_by_role("link", name="An audit is finalised", exact=False).first
    expect(told).to_be_visible()
    expect(auditor.locator("main")).not_to_contain_text(reference)
    told.click()
    expect(auditor.locator("main")).to_contain_text(REASON)
    with auditor.expect_download() as info:
        auditor.get_by_role("link", name="Download as Word").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx"), download.suggested_filename
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    document = Document(str(saved))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for t in document.tables for row in t.rows for cell in row.cells)
    assert REASON in text
    assert reference in text
