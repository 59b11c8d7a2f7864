"""Who sees which child's case: the scoped selectors and the pages behind them."""

from __future__ import annotations

from typing import Any

import pytest

from assure.org.selectors import cases_visible_to, children_visible_to
from tests.conftest import World


def refs(world: World, role: str) -> set[str]:
    return {c.child.reference for c in cases_visible_to(world.user(role))}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("practitioner", {"REF-OWN"}),
        ("team_manager", {"REF-OWN", "REF-TEAM"}),
        ("business_support", {"REF-OWN", "REF-TEAM"}),
        # children's social work in the north area: not early help, not the south
        ("service_manager", {"REF-OWN", "REF-TEAM"}),
        ("assistant_director", {"REF-OWN", "REF-TEAM", "REF-EARLY_HELP"}),
        ("director", {"REF-OWN", "REF-TEAM", "REF-OTHER_AREA", "REF-EARLY_HELP"}),
        ("qa_pdm", {"REF-OWN", "REF-TEAM", "REF-OTHER_AREA", "REF-EARLY_HELP"}),
        ("elected_member", set()),
        ("partner", set()),
        ("analyst", set()),
        ("administrator", set()),
        ("nobody", set()),
    ],
)
def test_each_role_sees_its_scope(world: World, role: str, expected: set[str]) -> None:
    assert refs(world, role) == expected
    assert {c.reference for c in children_visible_to(world.user(role))} == expected


@pytest.mark.django_db
def test_a_case_outside_scope_is_not_found_not_forbidden(world: World, client_for: Any) -> None:
    other = world.cases["other_area"]
    assert client_for("practitioner").get(f"/cases/{other.pk}/").status_code == 404
    assert client_for("team_manager").get(f"/cases/{other.pk}/").status_code == 404
    assert client_for("director").get(f"/cases/{other.pk}/").status_code == 200
    # a case that does not exist answers the same as one you may not see
    assert client_for("practitioner").get("/cases/999999/").status_code == 404


@pytest.mark.django_db
def test_case_list_shows_only_scope(world: World, client_for: Any) -> None:
    html = client_for("practitioner").get("/cases/").content.decode()
    assert "REF-OWN" in html and "REF-TEAM" not in html and "REF-OTHER_AREA" not in html
    html = client_for("team_manager").get("/cases/", {"team": world.team_b.pk}).content.decode()
    assert "REF-OTHER_AREA" not in html and "0 cases" in html


@pytest.mark.django_db
def test_elected_member_sees_only_aggregates(world: World, client_for: Any) -> None:
    member = client_for("elected_member")
    home = member.get("/").content.decode()
    authority = member.get("/authority/").content.decode()
    for html in (home, authority):
        assert "REF-" not in html
    assert "4</span> open cases" in authority
    assert member.get(f"/cases/{world.cases['own'].pk}/").status_code == 403


@pytest.mark.django_db
def test_home_shows_what_is_waiting_and_says_so_kindly_when_empty(client_for: Any) -> None:
    html = client_for("practitioner").get("/").content.decode()
    assert "Your cases" in html and "REF-OWN" in html
    assert "Nothing new. When something needs you, it will appear here." in html
    html = client_for("nobody").get("/")
    assert html.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("team", ["99999999999999999999", "abc", "-1", "0"])
def test_a_team_in_the_address_that_is_no_team_gets_a_clear_answer(
    client_for: Any, team: str
) -> None:
    response = client_for("director").get("/cases/", {"team": team})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "Choose a team from the list" in html
    assert "REF-" not in html
