"""Journeys through a real browser: signing in and out, what each role sees, errors."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import HomePage, SignInPage, focus_top_of_page, focused, sign_in
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_styles_and_scripts_load(page: Page, world: World) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    SignInPage(page).open()

    # The stylesheet is served and applied: a visually hidden heading is taken out of flow.
    hidden = page.locator("footer .govuk-visually-hidden").first
    assert hidden.evaluate("el => getComputedStyle(el).position") == "absolute"
    # GOV.UK Frontend's JavaScript ran (a module file, allowed by the CSP).
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    assert problems == [], f"errors in the browser console: {problems}"


def test_practitioner_signs_in_with_the_keyboard_and_sees_only_their_cases(
    page: Page, world: World
) -> None:
    home = sign_in(page, "practitioner")

    expect(home.heading).to_have_text("Hello, Practitioner")
    cases = home.panel("Your cases")
    expect(cases).to_be_visible()
    expect(cases).to_contain_text("REF-OWN")
    expect(page.locator("main")).not_to_contain_text("REF-OTHER_AREA")

    labels = home.menu_labels()
    assert "Home" in labels and "Cases" in labels, labels
    assert "Audit trail" not in labels, labels
    assert "Administration" not in labels, labels


def test_director_sees_the_whole_authority(page: Page, world: World) -> None:
    home = sign_in(page, "director")

    expect(home.panel("Across the authority")).to_be_visible()
    expect(home.menu.get_by_role("link", name="Authority", exact=True)).to_be_visible()


def test_elected_member_is_refused_child_level_pages(page: Page, world: World) -> None:
    sign_in(page, "elected_member")

    response = page.goto("/cases/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    expect(page.locator("main")).not_to_contain_text("REF-")


def test_wrong_password_shows_the_error_summary_and_leads_to_the_field(
    page: Page, world: World
) -> None:
    sign_in_page = SignInPage(page).open()
    sign_in_page.submit_with_keyboard("practitioner", "not-the-password")

    assert urlsplit(page.url).path == SignInPage.path
    assert page.title().startswith("Error: ")
    summary = sign_in_page.error_summary
    expect(summary).to_be_visible()
    # Announced: the summary's content is an alert, and GOV.UK Frontend moves focus to it.
    expect(summary.get_by_role("alert")).to_contain_text("There is a problem")
    expect(summary).to_be_focused()

    link = summary.get_by_role("link", name="Enter a correct username and password")
    expect(link).to_be_visible()
    target = (link.get_attribute("href") or "").lstrip("#")
    assert target and page.locator(f"#{target}").count() == 1, f"the link goes nowhere: #{target}"

    # Following the link from the keyboard puts the cursor in a field to correct.
    page.keyboard.press("Tab")
    assert focused(page).get("text", "").startswith("Enter a correct username and password")
    page.keyboard.press("Enter")
    now = focused(page)
    assert now.get("name") in {"username", "password"}, f"focus went to {now}, not a field"


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_skip_link_is_the_first_focusable_element(
    page: Page, world: World, signed_in: bool
) -> None:
    if signed_in:
        sign_in(page, "team_manager")
        page.goto(HomePage.path)
    else:
        SignInPage(page).open()

    focus_top_of_page(page)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first.get("text") == "Skip to main content", f"first focus: {first}"
    assert first.get("href") == "#main-content"
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()

    page.keyboard.press("Enter")
    assert focused(page).get("id") == "main-content"


def test_sign_out(page: Page, world: World) -> None:
    home = sign_in(page, "practitioner")
    home.sign_out()

    assert urlsplit(page.url).path == SignInPage.path
    expect(page.get_by_role("alert")).to_contain_text("You have signed out.")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    # The session is over: home sends the person back to sign in.
    page.goto(HomePage.path)
    assert urlsplit(page.url).path == SignInPage.path
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Assure")
