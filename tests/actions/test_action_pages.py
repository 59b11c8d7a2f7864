"""The action pages, for every role; forms, conflicts and query counts."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assure.actions.models import Action, ActionUpdate
from assure.core.roles import ROLES, Perm
from tests.actions.action_helpers import future, make_action
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(world: World) -> Action:
    return make_action(
        world.user("practitioner"),
        world.user("team_manager"),
        description="Record the child's views in the plan",
        team=world.team_a,
        child_ref="REF-OWN",
    )


def _expected(role: str, perm: Perm) -> set[int]:
    if role == "nobody":
        return {403}
    return {200} if perm in ROLES[role].perms else {403}


@pytest.mark.parametrize("role", [*ROLES, "nobody"])
def test_every_action_page_answers_each_role(
    world: World, client_for: Any, action: Action, role: str
) -> None:
    client = client_for(role)
    for url, perm in [
        ("/actions/", Perm.VIEW_HOME),
        ("/actions/oversee/", Perm.VIEW_CASES),
        ("/actions/new/", Perm.VIEW_CASES),
        (f"/actions/{action.pk}/", Perm.VIEW_CASES),
    ]:
        response = client.get(url)
        assert response.status_code in _expected(role, perm), (url, role, response.status_code)
        if response.status_code == 200:
            html = response.content.decode()
            assert "style=" not in html and "<script>" not in html


def test_anonymous_is_sent_to_sign_in(client_for: Any, action: Action) -> None:
    response = client_for("anonymous").get("/actions/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_an_action_out_of_sight_is_not_found(client_for: Any, action: Action) -> None:
    assert client_for("other_practitioner").get(f"/actions/{action.pk}/").status_code == 404
    response = client_for("other_practitioner").post(
        f"/actions/{action.pk}/evidence/", {"evidence-version": 1, "evidence-text": "x"}
    )
    assert response.status_code == 404


def test_my_actions_lists_overdue_first(world: World, client_for: Any, action: Action) -> None:
    late = make_action(
        world.user("practitioner"),
        world.user("qa_pdm"),
        description="Late one",
        due_date=date(2026, 1, 5),
        source_type="audit",
        source_id="4",
    )
    make_action(world.user("other_practitioner"), world.user("qa_pdm"), description="Not mine")
    html = client_for("practitioner").get("/actions/").content.decode()
    assert html.index("Late one") < html.index("Record the child") and "Not mine" not in html
    assert "Overdue" in html and "Case audit" in html
    assert f'href="/actions/{late.pk}/"' in html


def test_my_actions_empty_says_so_kindly(client_for: Any) -> None:
    html = client_for("elected_member").get("/actions/").content.decode()
    assert "You have nothing to do at the moment" in html


def test_oversee_lists_the_team(world: World, client_for: Any, action: Action) -> None:
    html = client_for("team_manager").get("/actions/oversee/").content.decode()
    assert "Record the child" in html and "Practitioner Tester" in html
    html = client_for("practitioner").get("/actions/oversee/").content.decode()
    assert "Record the child" not in html


def test_detail_shows_forms_by_role(client_for: Any, action: Action) -> None:
    owner_page = client_for("practitioner").get(f"/actions/{action.pk}/").content.decode()
    assert "Update the status" in owner_page and "Give the action to someone else" not in owner_page
    assert 'name="status-version" value="1"' in owner_page
    assert 'class="govuk-radios__input" id="id_status-status"' in owner_page
    manager_page = client_for("team_manager").get(f"/actions/{action.pk}/").content.decode()
    assert "Give the action to someone else" in manager_page
    director_page = client_for("director").get(f"/actions/{action.pk}/").content.decode()
    assert "Update the status" not in director_page and "History" in director_page


def test_evidence_then_done_through_the_page(client_for: Any, action: Action) -> None:
    client = client_for("practitioner")
    url = f"/actions/{action.pk}/"
    response = client.post(
        url + "evidence/", {"evidence-version": 1, "evidence-text": "Plan updated 3 March"}
    )
    assert response.status_code == 302
    response = client.post(url + "status/", {"status-version": 2, "status-status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.version == 3
    html = client.get(url).content.decode()
    assert "Plan updated 3 March" in html and "Evidence added" in html


def test_field_errors_are_summarised_and_named(client_for: Any, action: Action) -> None:
    response = client_for("practitioner").post(
        f"/actions/{action.pk}/status/", {"status-version": 1, "status-status": "done"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "There is a problem" in html
    assert 'href="#id_status-note"' in html
    assert "Say what was done, or add evidence" in html
    assert "<title>Error:" in html
    response = client_for("practitioner").post(
        f"/actions/{action.pk}/status/", {"status-version": 1}
    )
    assert 'href="#id_status-status"' in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open" and action.version == 1


def test_a_stale_form_saves_nothing(world: World, client_for: Any, action: Action) -> None:
    client = client_for("practitioner")
    client.post(
        f"/actions/{action.pk}/evidence/", {"evidence-version": 1, "evidence-text": "First"}
    )
    response = client.post(
        f"/actions/{action.pk}/status/",
        {"status-version": 1, "status-status": "in_progress", "status-note": "Started"},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "This action changed since you opened it" in html
    assert 'name="status-version" value="2"' in html  # the retry carries the current version
    action.refresh_from_db()
    assert action.status == "open" and action.version == 2
    assert not action.updates.filter(kind=ActionUpdate.Kind.STATUS).exists()


def test_reassign_and_due_date_through_the_page(
    world: World, client_for: Any, action: Action
) -> None:
    client = client_for("team_manager")
    # The action is about REF-OWN: a colleague who does not see that child cannot own it.
    outsider = world.user("other_practitioner")
    response = client.post(
        f"/actions/{action.pk}/reassign/",
        {
            "reassign-version": 1,
            "reassign-owner": outsider.get_full_name(),
            "reassign-reason": "Leave",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_reassign-owner"' in html
    assert "Choose someone who may see this child&#x27;s case" in html
    other = world.user("business_support")  # team A: sees REF-OWN
    response = client.post(
        f"/actions/{action.pk}/reassign/",
        {
            "reassign-version": 1,
            "reassign-owner": other.get_full_name(),
            "reassign-reason": "Leave",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/actions/{action.pk}/due-date/",
        {"due-version": 2, "due-due_date": "2020-01-01", "due-reason": "x"},
    )
    assert response.status_code == 200 and 'href="#id_due-due_date"' in response.content.decode()
    response = client.post(
        f"/actions/{action.pk}/due-date/",
        {"due-version": 2, "due-due_date": future(40).isoformat(), "due-reason": "CP review"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner == other and action.due_date == future(40)
    # The owner may not reassign: the service refuses.
    response = client_for("business_support").post(
        f"/actions/{action.pk}/reassign/",
        {
            "reassign-version": 3,
            "reassign-owner": world.user("practitioner").get_full_name(),
            "reassign-reason": "x",
        },
    )
    assert response.status_code == 403


def test_raise_an_action_page(world: World, client_for: Any) -> None:
    client = client_for("team_manager")
    response = client.post("/actions/new/", {"description": "", "due_date": "2020-01-01"})
    html = response.content.decode()
    assert 'href="#id_description"' in html and 'href="#id_owner"' in html
    # REF-TEAM is allocated to a colleague: the practitioner may not see that child.
    response = client.post(
        "/actions/new/",
        {
            "description": "Hold a family meeting",
            "owner": world.user("practitioner").get_full_name(),
            "due_date": future(10).isoformat(),
            "child_ref": "REF-TEAM",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_owner"' in html
    assert "Choose someone who may see this child&#x27;s case" in html
    assert not Action.objects.exists()
    response = client.post(
        "/actions/new/",
        {
            "description": "Hold a family meeting",
            "owner": world.user("other_practitioner").username,
            "due_date": future(10).isoformat(),
            "child_ref": "REF-TEAM",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(description="Hold a family meeting")
    assert action.team == world.team_a and action.created_by == world.user("team_manager")
    # A practitioner raising for someone else is told why, not shown an error page.
    response = client_for("practitioner").post(
        "/actions/new/",
        {
            "description": "For a colleague",
            "owner": world.user("other_practitioner").username,
            "due_date": future(10).isoformat(),
        },
    )
    assert response.status_code == 200 and "people you line-manage" in response.content.decode()


def test_home_panel_lists_overdue_and_due_soon(world: World, client_for: Any) -> None:
    owner = world.user("practitioner")
    make_action(owner, world.user("qa_pdm"), description="Late", due_date=date(2026, 1, 5))
    make_action(owner, world.user("qa_pdm"), description="Far off", due_date=future(60))
    html = client_for("practitioner").get("/").content.decode()
    assert "Your actions" in html and "Overdue: was due 5 January 2026" in html
    assert "Far off" not in html
    assert "Your actions" not in client_for("elected_member").get("/").content.decode()


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(world: World, n: int) -> None:
    for i in range(n):
        make_action(
            world.user("practitioner"),
            world.user("qa_pdm"),
            description=f"Action {i}",
            team=world.team_a,
            due_date=date(2026, 1, 5) if i % 2 else future(3),
            source_type="audit" if i % 3 else "",
            source_id=str(i),
        )


# Session, user, roles, then the page's own: the count, the page of actions and the one
# trail event saying which actions (they may name a child) the page showed.
# Each list writes one trail event naming what it showed: an insert and the chain's link.
PINNED = {("practitioner", "/actions/"): 7, ("team_manager", "/actions/oversee/"): 8}


@pytest.mark.parametrize(("role", "url"), list(PINNED))
def test_action_lists_run_a_fixed_number_of_queries(
    world: World, client_for: Any, role: str, url: str
) -> None:
    client = client_for(role)
    _grow(world, 2)
    client.get(url)
    small = _queries(client, url)
    _grow(world, 25)
    assert _queries(client, url) == small
    assert small == PINNED[(role, url)]


def test_home_page_queries_do_not_grow_with_actions(world: World, client_for: Any) -> None:
    client = client_for("practitioner")
    _grow(world, 2)
    client.get("/")
    small = _queries(client, "/")
    _grow(world, 25)
    assert _queries(client, "/") == small


def test_no_inline_style_in_templates() -> None:
    from pathlib import Path

    import assure.actions

    root = Path(assure.actions.__file__).parent / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text()
        assert "style=" not in text and not re.search(r"<script(?![^>]*\bsrc=)", text), path


def test_inputs_point_at_their_hints_and_errors(client_for: Any, action: Action) -> None:
    response = client_for("team_manager").post(
        f"/actions/{action.pk}/due-date/", {"due-version": 1, "due-reason": ""}
    )
    html = response.content.decode()
    assert 'aria-describedby="id_due-due_date-hint id_due-due_date-error"' in html
    assert 'id="id_due-due_date-error"' in html and 'id="id_due-reason-error"' in html
    page = client_for("team_manager").get(f"/actions/{action.pk}/").content.decode()
    assert f'name="due-due_date" value="{action.due_date:%d/%m/%Y}"' in page
