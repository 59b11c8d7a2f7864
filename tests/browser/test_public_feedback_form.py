"""The public feedback form by keyboard only, checked with axe, and its honeypot out of reach."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from assure.feedback.models import FeedbackItem
from tests.browser.conftest import MAX_TABS, focus_top_of_page, focused, tab_to
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import World

pytestmark = pytest.mark.browser


def _tab_to_button(page: Page, text: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now.get("name") != "website", "the honeypot must never take the focus"
        if now.get("tag") == "button" and now.get("text") == text:
            return
    raise AssertionError(f"Tab never reached the button {text!r}")


def test_the_form_sends_by_keyboard_and_passes_axe(page: Page, world: World) -> None:
    page.goto("/feedback/")
    assert_accessible(page)
    focus_top_of_page(page)
    tab_to(page, name="who")
    page.keyboard.press("Space")  # the first choice: a parent or carer
    tab_to(page, name="text")
    page.keyboard.type("The chair explained everything clearly.")
    _tab_to_button(page, "Send feedback")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/feedback/thank-you/")
    assert page.get_by_role("heading", name="Thank you for your feedback").is_visible()
    assert_accessible(page)
    item = FeedbackItem.objects.get()
    assert item.channel == "parent_carer" and item.text.startswith("The chair explained")


def test_errors_are_summarised_and_pass_axe(page: Page, world: World) -> None:
    page.goto("/feedback/")
    focus_top_of_page(page)
    _tab_to_button(page, "Send feedback")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter what you would like to tell us" in summary.inner_text()
    assert_accessible(page)
    assert not FeedbackItem.objects.exists()
