"""The audit form never loses work, in a real browser: drafts save as the auditor types,
the session warns before it ends, typing kept through a sign-out is put back, and a
1 to 10 scale is one row on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from assure.audits.models import Audit
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_audit_journey import allocate_to_team_manager
from tests.conftest import World

pytestmark = pytest.mark.browser

TYPED = "Visits were purposeful and the child's wishes are recorded in their own words."


def open_answer_page(page: Page, audit: Audit) -> None:
    page.goto(f"/audits/{audit.pk}/answer/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Audit of case {audit.case.child.reference}"
    )


def background_save(response: Any) -> bool:
    """The form's own background save (a POST of the answer page) has been answered."""
    return response.request.method == "POST" and response.url.endswith("/answer/")


def status(page: Page) -> Any:
    return page.get_by_role("status")


def test_typing_saves_a_draft_that_a_reload_finds(world: World, page: Page) -> None:
    audit = allocate_to_team_manager(world)
    sign_in(page, "team_manager")
    open_answer_page(page, audit)

    with page.expect_response(background_save):
        page.locator("textarea[name='referral_strengths']").fill(TYPED)
    expect(status(page)).to_contain_text("Draft saved at")
    with page.expect_response(background_save):
        page.locator("input[name='referral_response_timely'][value='7']").check()
    expect(status(page)).to_contain_text("Draft saved at")
    audit.refresh_from_db()
    assert audit.responses["referral_strengths"] == TYPED
    assert audit.responses["referral_response_timely"] == 7

    page.reload()
    expect(page.locator("textarea[name='referral_strengths']")).to_have_value(TYPED)
    expect(page.locator("input[name='referral_response_timely'][value='7']")).to_be_checked()

    # The page's own "Save draft" still works with JavaScript, carrying the version the
    # background saves left in the form (no "changed since you opened it").
    page.locator("textarea[name='assessment_strengths']").fill("Clear analysis.")
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Draft saved.")
    audit.refresh_from_db()
    assert audit.responses["assessment_strengths"] == "Clear analysis."


def test_a_scale_is_one_row_on_a_phone(world: World, page: Page) -> None:
    audit = allocate_to_team_manager(world)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "team_manager")
    open_answer_page(page, audit)

    items = page.locator("input[name='referral_response_timely']").locator("xpath=..")
    expect(items).to_have_count(10)
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(10)}  # type: ignore[index]
    assert len(tops) == 1, f"the scale's ten points sit on {len(tops)} rows at 390 px"
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 390, f"the page scrolls sideways at 390 px ({overflow} px wide)"
    # Each point is still a target a thumb can hit (WCAG 2.5.8 asks for 24 px).
    box = page.locator("label[for='id_referral_response_timely_0']").bounding_box()
    assert box is not None and box["width"] >= 24
    page.locator("label[for='id_referral_response_timely_9']").click()
    expect(page.locator("#id_referral_response_timely_9")).to_be_checked()


def test_typing_survives_the_session_ending_and_comes_back_after_signing_in(
    world: World, page: Page
) -> None:
    audit = allocate_to_team_manager(world)
    sign_in(page, "team_manager")
    open_answer_page(page, audit)

    # The session ends (here: its cookies go) before the typing is saved.
    page.context.clear_cookies()
    page.locator("textarea[name='planning_strengths']").fill(TYPED)
    expect(page.locator("#signed-out")).to_be_visible(timeout=15_000)
    expect(page.locator("#signed-out")).to_contain_text("You have been signed out")
    assert_accessible(page)
    audit.refresh_from_db()
    assert "planning_strengths" not in audit.responses

    # Signing in again in the same tab puts the typing back and saves it.
    sign_in(page, "team_manager")
    open_answer_page(page, audit)
    expect(page.locator("#restored")).to_be_visible()
    assert_accessible(page)
    expect(page.locator("textarea[name='planning_strengths']")).to_have_value(TYPED)
    expect(status(page)).to_contain_text("Draft saved at", timeout=15_000)
    audit.refresh_from_db()
    assert audit.responses["planning_strengths"] == TYPED


def test_the_session_warns_before_it_ends_and_stay_signed_in_keeps_it(
    world: World, page: Page, settings: Any
) -> None:
    # A 24-second session warns 4 seconds before its end (a sixth of it; 5 minutes of 30).
    settings.SESSION_COOKIE_AGE = 24
    audit = allocate_to_team_manager(world)
    sign_in(page, "team_manager")
    open_answer_page(page, audit)

    warning = page.get_by_role("dialog", name="You will be signed out soon")
    expect(warning).to_be_visible(timeout=30_000)
    expect(warning).to_contain_text("For your security")
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    expect(status(page)).to_contain_text("You are still signed in")
    # The session really was kept: a page after the first 24 seconds still opens.
    page.wait_for_timeout(6_000)
    open_answer_page(page, audit)


def test_sending_the_form_while_a_background_save_is_under_way_is_not_a_conflict(
    world: World, page: Page
) -> None:
    audit = allocate_to_team_manager(world)
    sign_in(page, "team_manager")
    open_answer_page(page, audit)
    # A radio saves almost at once; the button is pressed while that save is on its way.
    # The background save is held until then, so the test never races the machine.
    held: list[Any] = []

    def hold_background_saves(route: Any) -> None:
        if route.request.resource_type == "fetch":
            held.append(route)
        else:
            route.continue_()

    page.route("**/audits/**", hold_background_saves)
    page.locator("input[name='referral_response_timely'][value='6']").check()
    expect(status(page)).to_contain_text("Saving draft")
    page.locator("textarea[name='referral_development']").fill("Record the visits sooner.")
    page.get_by_role("button", name="Save draft").first.click()
    assert held, "the background save was on its way"
    for route in held:
        route.continue_()
    page.unroute("**/audits/**")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Draft saved.")
    audit.refresh_from_db()
    assert audit.responses["referral_response_timely"] == 6
    assert audit.responses["referral_development"] == "Record the visits sooner."
