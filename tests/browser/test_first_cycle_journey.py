"""The guided first cycle in a browser, without a mouse: each step passes axe."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page

from assure.audits.models import Audit
from assure.authority.models import AuthoritySettings
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_the_qa_unit_goes_from_an_empty_calendar_to_allocated_audits(
    page: Page, world: World, live_server: Any
) -> None:
    for team in (world.team_a, world.team_b, world.team_eh):
        team.manager = world.user("team_manager")
        team.save()
    AuthoritySettings.objects.create(
        name="Kent County Council",
        la_code="886",
        first_cycle_year=2026,
        first_cycle_number=3,
        first_cycle_starts_on=date(2026, 9, 1),
    )
    sign_in(page, "qa_pdm")
    page.get_by_role("link", name="Start your first audit cycle").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Start now").click()
    assert page.get_by_label("Year").input_value() == "2026"
    assert page.get_by_label("First day of the cycle").input_value() == "01/09/2026"
    assert "{#" not in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Create the cycle and continue").click()
    page.get_by_label("How many cases to draw").fill("4")
    assert_accessible(page)
    page.get_by_role("button", name="Draw the sample and continue").click()
    assert page.get_by_role("table", name="Why this case").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Allocate the audits and finish").click()
    assert page.get_by_role("heading", name="Your first audit cycle is under way").is_visible()
    assert_accessible(page)
    assert Audit.objects.count() == 4


def test_the_authority_settings_page_passes_axe(page: Page, world: World) -> None:
    AuthoritySettings.objects.create(name="Kent County Council", la_code="886")
    sign_in(page, "administrator")
    page.goto(f"{page.url.rstrip('/')}/admin/authority/")
    assert page.get_by_role("heading", name="Working days").is_visible()
    assert_accessible(page)
    page.get_by_label("Working days to answer a practice alert").fill("0")
    page.get_by_role("button", name="Save settings").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)
