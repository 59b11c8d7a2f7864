"""What a new user tripped over, in a browser: our figures rated against England and
neighbours, and dates typed the UK way."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import World
from tests.walks.samples import sample_action

pytestmark = pytest.mark.browser


def test_a_director_reads_how_we_compare(page: Page, world: World, live_server: Any) -> None:
    sign_in(page, "director")
    page.goto(f"{live_server.url}/insight/")
    expect(page.get_by_role("heading", name="How we compare")).to_be_visible()
    table = page.get_by_role("table", name="Published figures, 2025")
    row = table.get_by_role("row", name="Average social worker caseload")
    expect(row).to_contain_text("Red")
    expect(row).to_contain_text("Worse than England and statistical neighbours.")
    expect(page.locator("#attribution")).to_contain_text("Open Government Licence")
    assert_accessible(page)


def test_a_due_date_is_typed_the_uk_way(page: Page, world: World, live_server: Any) -> None:
    action = type(sample_action(world)).objects.get(pk=sample_action(world).pk)
    sign_in(page, "team_manager")
    page.goto(f"{live_server.url}/actions/{action.pk}/")
    field = page.get_by_label("New due date")
    assert field.get_attribute("type") == "text"
    expect(page.locator("#id_due-due_date-hint")).to_have_text("For example, 30/09/2026")
    assert field.input_value() == action.due_date.strftime("%d/%m/%Y")
    assert_accessible(page)
