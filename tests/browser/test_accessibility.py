"""Automated accessibility checks (axe-core) on the pages every role starts from.

axe finds a part of what WCAG asks for, not all of it: these tests are a floor,
alongside the keyboard journeys and manual checks with assistive technology.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import SignInPage, sign_in
from tests.conftest import World

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"axe found WCAG violations on {page.url}:\n{describe(violations)}"


def test_sign_in_page(page: Page, world: World) -> None:
    SignInPage(page).open()
    assert_accessible(page)


def test_sign_in_page_with_errors(page: Page, world: World) -> None:
    sign_in_page = SignInPage(page).open()
    sign_in_page.submit_with_keyboard("practitioner", "not-the-password")
    assert sign_in_page.error_summary.is_visible()
    assert_accessible(page)


def test_sign_in_page_with_empty_fields(page: Page, world: World) -> None:
    sign_in_page = SignInPage(page).open()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert sign_in_page.error_summary.is_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("practitioner", "/"),
        ("director", "/"),
        ("elected_member", "/"),
        ("administrator", "/"),
        ("team_manager", "/cases/"),
        ("administrator", "/admin/"),
        ("elected_member", "/cases/"),  # the page that refuses access
    ],
)
def test_page_for_role(page: Page, world: World, role: str, path: str) -> None:
    sign_in(page, role)
    if path != "/":
        page.goto(path)
    assert_accessible(page)
