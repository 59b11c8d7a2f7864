"""Who sees which actions."""

from __future__ import annotations

import pytest

from assure.actions.models import Action
from assure.actions.selectors import (
    action_for,
    actions_for_source,
    actions_overseen_by,
    actions_owned_by,
    actions_visible_to,
)
from assure.org.models import User
from tests.actions.action_helpers import make_action
from tests.conftest import World, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(world: World) -> dict[str, Action]:
    qa = world.user("qa_pdm")
    far = make_user("far-worker", team=world.team_b)
    return {
        "own": make_action(world.user("practitioner"), qa, team=world.team_a),
        "colleague": make_action(world.user("other_practitioner"), qa, team=world.team_a),
        "other_area": make_action(far, qa, team=world.team_b, source_type="audit", source_id="9"),
        "standalone": make_action(far, qa),
    }


def _visible(user: User) -> set[str]:
    return set(actions_visible_to(user).values_list("description", flat=True))


def _keys(user: User, actions: dict[str, Action]) -> set[str]:
    ids = set(actions_visible_to(user).values_list("pk", flat=True))
    return {k for k, a in actions.items() if a.pk in ids}


def test_practitioner_sees_their_own_actions(world: World, actions: dict[str, Action]) -> None:
    assert _keys(world.user("practitioner"), actions) == {"own"}


def test_team_manager_sees_their_teams_actions(world: World, actions: dict[str, Action]) -> None:
    assert _keys(world.user("team_manager"), actions) == {"own", "colleague"}
    assert _keys(world.user("business_support"), actions) == {"own", "colleague"}


def test_service_manager_and_ad_see_their_area(world: World, actions: dict[str, Action]) -> None:
    assert _keys(world.user("service_manager"), actions) == {"own", "colleague"}
    assert _keys(world.user("assistant_director"), actions) == {"own", "colleague"}


def test_directorate_wide_roles_and_the_qa_unit_see_all(
    world: World, actions: dict[str, Action]
) -> None:
    assert _keys(world.user("director"), actions) == set(actions)
    assert _keys(world.user("qa_sso"), actions) == set(actions)


@pytest.mark.parametrize(
    "role", ["elected_member", "partner", "analyst", "administrator", "nobody"]
)
def test_people_without_case_scope_see_none(
    world: World, actions: dict[str, Action], role: str
) -> None:
    assert _keys(world.user(role), actions) == set()


def test_line_manager_and_creator_see_wherever_the_owner_works(
    world: World, actions: dict[str, Action]
) -> None:
    far = actions["standalone"].owner
    far.line_manager = world.user("team_manager")
    far.save()
    assert _keys(world.user("team_manager"), actions) == {
        "own",
        "colleague",
        "other_area",
        "standalone",
    }
    raised = make_action(far, world.user("elected_member"))
    assert set(actions_visible_to(world.user("elected_member"))) == {raised}


def test_owned_overseen_and_source(world: World, actions: dict[str, Action]) -> None:
    assert list(actions_owned_by(world.user("practitioner"))) == [actions["own"]]
    assert set(actions_overseen_by(world.user("team_manager"))) == {
        actions["own"],
        actions["colleague"],
    }
    assert list(actions_for_source("audit", 9)) == [actions["other_area"]]
    assert action_for(world.user("practitioner"), actions["colleague"].pk) is None
    assert action_for(world.user("team_manager"), actions["colleague"].pk) == actions["colleague"]
