"""Everything is reachable, and the navigation says where you are once."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/audits/",
    "/audits/insight/",
    "/audits/insight/grades/",
    "/insight/",
    "/insight/benchmarks/",
    "/insight/glossary/",
    "/insight/report/",
    "/insight/report/trends/",
    "/insight/report/changes/",
    "/chairs/",
    "/chairs/alerts/",
]


@pytest.mark.parametrize("role", ["director", "qa_pdm", "team_manager", "elected_member"])
def test_one_aria_current_on_every_page(role: str, client_for: Any) -> None:
    client = client_for(role)
    for path in PAGES:
        response = client.get(path)
        if response.status_code != 200:
            continue  # not this role's page (the URL walk checks who may open what)
        body = response.content.decode()
        assert body.count("aria-current") <= 1, (role, path, body.count("aria-current"))
        active = body.count("govuk-service-navigation__item--active")
        assert active == 1, (role, path, active)


def test_the_performance_menu_reaches_trends_changes_and_reports(client_for: Any) -> None:
    body = client_for("director").get("/insight/glossary/").content.decode()
    menu = body.split('aria-label="Performance pages"', 1)[1].split("</nav>", 1)[0]
    for link in ("/insight/report/trends/", "/insight/report/changes/", "/insight/report/"):
        assert f'href="{link}"' in menu
    assert menu.count("aria-current") == 1


def test_an_elected_member_has_no_empty_actions_item(client_for: Any) -> None:
    member = client_for("elected_member").get("/").content.decode()
    practitioner = client_for("practitioner").get("/").content.decode()
    assert 'href="/actions/"' not in member.split("</nav>", 1)[0]
    assert 'href="/actions/"' in practitioner.split("</nav>", 1)[0]


def test_a_form_without_its_token_gets_a_page_in_plain_words(world: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("practitioner"))
    response = client.post("/session/stay-signed-in/", HTTP_REFERER="http://testserver/audits/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "The form could not be sent" in body and "Nothing was saved" in body
    assert 'href="http://testserver/audits/"' in body
    # A referrer elsewhere is not offered as the way back.
    elsewhere = client.post("/session/stay-signed-in/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in elsewhere.content.decode()
