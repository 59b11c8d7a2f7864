"""No page scrolls sideways, on a desktop (1280 px) or a phone (390 px).

The heaviest pages of a few roles, with long team names and several of every record:
wide tables scroll inside their own box (focusable, a region with a name), and the page
itself never gets wider than the window.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page

from assure.audits import services as audit_services
from assure.audits.models import Sample
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import World
from tests.reviews.test_escalation import raise_alerts

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
LONG_NAME = "Children's Social Work Assessment and Intervention, Brockley Vale and Dunhollow"


@pytest.fixture
def heavy(world: World) -> dict[str, Any]:
    """Long names, audits allocated, a sample and alerts in two areas."""
    for team in (world.team_a, world.team_b, world.team_eh):
        team.manager = world.user("team_manager")
        team.name = f"{LONG_NAME} {team.pk}"
        team.save()
    qa = world.user("qa_pdm")
    cycle = audit_services.cycle_create(actor=qa, year=2026, number=3, starts_on=date(2026, 9, 1))
    sample = audit_services.sample_draw(
        actor=qa, cycle=cycle, round=1, target=4, min_per_team=1, seed=7, on=date(2026, 9, 1)
    )
    audit_services.sample_allocate(actor=qa, sample=sample)
    raise_alerts(world, 6)
    return {"sample": Sample.objects.get().pk}


PAGES = [
    ("qa_pdm", "/audits/"),
    ("qa_pdm", "/chairs/"),
    ("qa_pdm", "/chairs/alerts/"),
    ("qa_pdm", "/audits/samples/{sample}/"),
    ("qa_pdm", "/audits/insight/completion/"),
    ("qa_pdm", "/audits/insight/grades/"),
    ("qa_pdm", "/audits/insight/text/"),
    ("qa_pdm", "/audit-trail/"),
    ("team_manager", "/audits/"),
    ("team_manager", "/chairs/alerts/"),
    ("director", "/insight/"),
    ("elected_member", "/audits/insight/completion/"),
    ("elected_member", "/audits/insight/grades/"),
]


def sideways(page: Page) -> dict[str, int]:
    return page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, window: window.innerWidth})"
    )


@pytest.mark.parametrize("role", sorted({role for role, _ in PAGES}))
def test_the_heaviest_pages_do_not_scroll_sideways(
    page: Page, world: World, heavy: dict[str, Any], role: str
) -> None:
    sign_in(page, role)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in (p.format(**heavy) for r, p in PAGES if r == role):
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            measured = sideways(page)
            assert measured["scroll"] <= measured["window"], (path, width, measured)
            # Every table sits in a box that scrolls instead, which a keyboard can reach
            # and a screen reader announces by name.
            boxes = page.evaluate(
                """() => [...document.querySelectorAll('main table')].map(t => {
                    const box = t.closest('.assure-table-scroll');
                    return box && box.getAttribute('tabindex') === '0'
                        && box.getAttribute('role') === 'region'
                        && (box.getAttribute('aria-label') || '').trim().length > 0;
                })"""
            )
            assert all(boxes), (path, boxes)


def test_a_wide_table_scrolls_inside_its_box_on_a_phone(
    page: Page, world: World, heavy: dict[str, Any]
) -> None:
    sign_in(page, "qa_pdm")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/chairs/alerts/")
    box = page.locator(".assure-table-scroll").first
    widths = box.evaluate("b => ({inner: b.scrollWidth, outer: b.clientWidth})")
    assert widths["inner"] > widths["outer"]  # the table is wider than the phone...
    box.focus()  # ...and the keyboard scrolls it
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # Keyboard scrolling may be smooth: wait for the box to have moved.
    page.wait_for_function(
        "() => document.querySelector('.assure-table-scroll').scrollLeft > 0", timeout=5_000
    )
    assert sideways(page)["scroll"] <= 390


def test_sorted_filtered_and_folded_pages_pass_axe(
    page: Page, world: World, heavy: dict[str, Any]
) -> None:
    sign_in(page, "qa_pdm")
    for path in (
        "/chairs/alerts/?sort=-case&q=REF",
        "/chairs/?sort=date",
        "/audits/?sort=team",
        "/audits/samples/{sample}/?sort=-case".format(**heavy),
        "/audits/insight/grades/",
        "/audits/insight/text/",
    ):
        page.goto(path)
        assert_accessible(page)
