"""QA programmes in a real browser: a COA observation on a phone-sized screen, saving as
the observer goes; and a thematic audit from a suggested line of enquiry to findings
published to staff."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from assure.programmes import services
from assure.programmes.models import Observation, Programme
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import World

pytestmark = pytest.mark.browser


def background_save(response: Any) -> bool:
    return response.request.method == "POST" and "/programmes/observations/" in response.url


def test_a_coa_observation_on_a_phone(world: World, page: Page) -> None:
    visit = services.programme_create(
        actor=world.user("qa_pdm"),
        kind="coa",
        title="District A visit",
        starts_on="2026-10-05",
        ends_on="2026-10-09",
        district=world.district_a.name,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "qa_pdm")
    page.goto(f"/programmes/{visit.pk}/")
    page.get_by_role("link", name="Record an observation").click()
    page.get_by_label("Home visit").check()
    page.get_by_label("Date").fill("06/10/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the observation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home visit")
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390, f"the observation page scrolls sideways at 390 px ({overflow} px)"

    with page.expect_response(background_save):
        page.locator("textarea[name='went_well']").fill("Calm, warm and clear")
    expect(page.get_by_role("status")).to_contain_text("Draft saved at")
    obs = Observation.objects.get()
    assert obs.responses["went_well"] == "Calm, warm and clear"

    page.locator("input[name='child_centred'][value='4']").check()
    for name, value in (
        ("child_voice", "yes"),
        ("family_involved", "n/a"),
        ("purpose_clear", "yes"),
    ):
        page.locator(f"input[name='{name}'][value='{value}']").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Finish the observation").click()
    obs.refresh_from_db()
    assert obs.status == "done" and obs.responses["child_centred"] == 4


def test_a_thematic_audit_from_suggestion_to_publication(
    world: World, page: Page, monkeypatch: Any
) -> None:
    from assure.programmes import views

    found = [
        {
            "text": "Why do alerts cluster in A Family Support?",
            "evidence": [{"type": "practice_alerts", "ref": "A", "text": "4 practice alerts"}],
        }
    ]
    monkeypatch.setattr(views, "suggestions", lambda district: found)
    sign_in(page, "qa_pdm")
    page.goto("/programmes/")
    page.get_by_role("link", name="Start a programme").click()
    page.get_by_label("Thematic audit").check()
    page.get_by_label("Title").fill("Practice alerts")
    page.get_by_label("Starts on").fill("01/10/2026")
    page.get_by_label("Ends on").fill("31/12/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the programme").click()
    page.get_by_role("link", name="Adopt a suggested line of enquiry").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Adopt suggestion 1").click()
    expect(page.get_by_text("4 practice alerts")).to_be_visible()
    page.get_by_role("link", name="Add a finding").click()
    page.get_by_label("Finding", exact=True).fill("Chairs and managers agree on thresholds.")
    page.get_by_label("Theme").fill("Thresholds")
    page.get_by_label("Strength", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add the finding").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the findings to staff").click()
    programme = Programme.objects.get()
    assert programme.published_at is not None
    page.get_by_role("link", name="Sign out").or_(
        page.get_by_role("button", name="Sign out")
    ).click()
    sign_in(page, "practitioner")
    page.goto(f"/programmes/{programme.pk}/published/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("what we found")
    expect(page.get_by_text("Chairs and managers agree on thresholds.")).to_be_visible()
    assert_accessible(page)
