"""Who sees what: elected members only county aggregates; a practitioner the alerts and
appreciations about their own practice; a team manager their team's."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from assure.reviews import services
from assure.reviews.models import Meeting
from assure.reviews.selectors import alerts_visible_to, appreciations_visible_to
from tests.conftest import World
from tests.reviews.conftest import qa_answers

NOW = datetime(2026, 11, 10, 10, tzinfo=ZoneInfo("Europe/London"))


def record(world: World, case: str, grade: str, *, day: int = 2) -> Meeting:
    chair = world.user("cp_chair")
    meeting = services.meeting_create(
        actor=chair,
        kind="cp_conference",
        date=date(2026, 11, day),
        case=world.cases[case],
        chair=chair,
    )
    services.meeting_qa_record(
        actor=chair,
        meeting_id=meeting.pk,
        responses=qa_answers("cp_conference"),
        grade=grade,
        concern=f"About the {case} case",
        now=NOW,
    )
    return meeting


@pytest.fixture
def spread(world: World) -> dict[str, Meeting]:
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    return {
        "own_alert": record(world, "own", "inadequate"),
        "own_appreciation": record(world, "own", "outstanding", day=3),
        "colleague_alert": record(world, "team", "inadequate", day=4),
        "colleague_appreciation": record(world, "team", "outstanding", day=5),
        "other_area_alert": record(world, "other_area", "inadequate", day=6),
    }


def concerns(user: Any) -> set[str]:
    return set(alerts_visible_to(user).values_list("concern", flat=True))


@pytest.mark.django_db
def test_practitioner_sees_only_their_own_practice(world: World, spread: Any) -> None:
    practitioner = world.user("practitioner")
    assert concerns(practitioner) == {"About the own case"}
    assert set(appreciations_visible_to(practitioner).values_list("text", flat=True)) == {
        "About the own case"
    }


@pytest.mark.django_db
def test_team_manager_sees_their_team_not_another(world: World, spread: Any) -> None:
    manager = world.user("team_manager")
    assert concerns(manager) == {"About the own case", "About the team case"}
    assert appreciations_visible_to(manager).count() == 2


@pytest.mark.django_db
def test_elected_member_sees_no_child_level_record(
    world: World, spread: Any, client_for: Any
) -> None:
    member = world.user("elected_member")
    assert not alerts_visible_to(member).exists()
    assert not appreciations_visible_to(member).exists()
    client = client_for("elected_member")
    for url in ["/chairs/", "/chairs/alerts/", "/chairs/appreciations/", "/chairs/pack/"]:
        assert client.get(url).status_code == 403, url
    page = client.get("/chairs/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "REF-" not in html and "About the" not in html
    assert "Patterns by chair" not in html
    assert 'value="district:' not in html and 'value="team:' not in html
    district = f"district:{world.district_a.pk}"
    assert client.get("/chairs/dashboard/", {"unit": district}).status_code == 404
    assert client.get("/chairs/dashboard/", {"unit": f"team:{world.team_a.pk}"}).status_code == 404


@pytest.mark.django_db
def test_managers_dashboards_stay_within_scope(world: World, spread: Any, client_for: Any) -> None:
    manager = client_for("team_manager")
    assert manager.get("/chairs/dashboard/", {"unit": f"team:{world.team_a.pk}"}).status_code == 200
    assert (
        manager.get("/chairs/dashboard/", {"unit": f"district:{world.district_a.pk}"}).status_code
        == 200
    )
    assert manager.get("/chairs/dashboard/", {"unit": f"team:{world.team_b.pk}"}).status_code == 404
    pack = manager.get("/chairs/pack/", {"district": world.district_b.pk})
    assert pack.status_code == 404
    qa_unit = client_for("qa_pdm")
    page = qa_unit.get("/chairs/dashboard/", {"unit": f"team:{world.team_b.pk}"})
    assert page.status_code == 200 and "Patterns by chair" in page.content.decode()
