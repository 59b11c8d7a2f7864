"""Browser tests: Playwright (sync API) driving the system's Chromium against a live server.

Chromium comes from the operating system (Debian's `chromium` package), never from
Playwright's own download. Without it the browser tests are skipped, except under
CI=true, where a missing browser is a failure.

Helpers here are small page objects: tests say what a person does ("sign in as the
director"), the helpers know where the fields and buttons are.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

# Playwright's sync API keeps an event loop running in the test thread; Django's ORM
# refuses to run inside one unless told it is safe (it is: nothing here is async).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Locator, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import PASSWORD, World, build_world

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Keyboard journeys give up after this many Tab presses without reaching their target.
MAX_TABS = 40


def _chromium_missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true requires the browser tests to run", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _chromium_missing(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def world(transactional_db: Any, live_server: Any) -> World:
    """The small authority, committed so the live server's thread sees it."""
    return build_world()


@pytest.fixture
def page(browser: Browser, live_server: Any, transactional_db: Any) -> Iterator[Page]:
    # Asking for the database here closes the page before the database is emptied
    # (fixtures end in the reverse order they began), so nothing the page still
    # sends can reach a half-emptied database or leak into the next test.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        _close_quietly(context, page)


def _close_quietly(context: Any, page: Page) -> None:
    """End the page without the saves it makes on leaving (the audit form saves a draft
    when the page is hidden or left): wait for what it has already sent, refuse what it
    would send now, then close."""
    try:
        # A page that failed its test (closed, or timing out) still closes.
        with contextlib.suppress(PlaywrightError):
            page.wait_for_load_state("networkidle")
            context.route("**/*", lambda route: route.abort())
            page.goto("about:blank")
    finally:
        context.close()


# Page objects ---------------------------------------------------------------------------


def focused(page: Page) -> dict[str, Any]:
    """What has the keyboard focus: tag, id, name, text and classes."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return el ? {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
                         text: (el.textContent || '').trim(), classes: el.className,
                         href: el.getAttribute('href')} : {};
        }"""
    )


def tab_to(page: Page, *, name: str) -> int:
    """Press Tab until the form control called `name` has focus; returns the presses used."""
    if focused(page).get("name") == name:  # already there (a field with autofocus)
        return 0
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if focused(page).get("name") == name:
            return presses
    raise AssertionError(f"Tab never reached the field {name!r} in {MAX_TABS} presses")


def focus_top_of_page(page: Page) -> None:
    """Put the keyboard where a page starts, before its first focusable element.

    Pages may move focus on load (autofocus, an error summary); a keyboard user who
    arrives from elsewhere, or presses Shift+Tab back up, starts from the top.
    """
    page.evaluate(
        """() => {
            const body = document.body;
            body.setAttribute('tabindex', '-1');
            body.focus();
            body.removeAttribute('tabindex');
        }"""
    )


class SignInPage:
    path = "/sign-in/"

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self) -> SignInPage:
        self.page.goto(self.path)
        return self

    @property
    def error_summary(self) -> Locator:
        return self.page.locator(".govuk-error-summary")

    def submit_with_keyboard(self, username: str, password: str) -> None:
        """Fill the form and send it using only the keyboard, as a keyboard user would."""
        tab_to(self.page, name="username")
        self.page.keyboard.type(username)
        tab_to(self.page, name="password")
        self.page.keyboard.type(password)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


class HomePage:
    path = "/"

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def menu(self) -> Locator:
        return self.page.get_by_role("navigation", name="Menu")

    def menu_labels(self) -> list[str]:
        return [t.strip() for t in self.menu.get_by_role("link").all_inner_texts()]

    def panel(self, title: str) -> Locator:
        return self.page.locator("section.assure-card").filter(
            has=self.page.get_by_role("heading", level=2, name=title, exact=True)
        )

    def sign_out(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Sign out").click()


def sign_in(page: Page, username: str, password: str = PASSWORD) -> HomePage:
    """Sign in through the real form, keyboard only, and land on the home page."""
    SignInPage(page).open().submit_with_keyboard(username, password)
    home = HomePage(page)
    assert urlsplit(page.url).path == HomePage.path, f"signed in as {username!r}, at {page.url}"
    assert home.heading.inner_text().startswith("Hello,"), (
        f"signing in as {username!r} did not reach the home page: {page.url}"
    )
    return home
