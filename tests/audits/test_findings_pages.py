"""What moderation and appreciative inquiry already collect, shown: the moderators' checks of
actions (with the contradictions, also on the action's own page), action completion by team
and source, and the themes of appreciative inquiry."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from assure.actions.models import Action
from assure.audits import services
from assure.audits.models import ActionCheck, Audit, Cycle, Moderation
from assure.instruments.registry import tool_current
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")


def _moderated_audit(world: World, cycle: Cycle, case: str) -> Audit:
    chosen = world.cases[case]
    audit = Audit.objects.create(
        cycle=cycle,
        case=chosen,
        team=chosen.team,
        tool=tool_current("cype_audit"),
        auditor=world.user("team_manager"),
        practitioner=chosen.allocated_worker,
        due_date=date(2026, 9, 30),
        status=Audit.Status.FINALISED,
        auditor_grade="good",
        moderated_grade="good",
        final_grade="good",
        submitted_at=datetime(2026, 9, 20, 12, tzinfo=LONDON),
    )
    Moderation.objects.create(
        audit=audit, moderator=world.user("service_manager"), decision="agree", grade="good"
    )
    return audit


def _action(world: World, audit: Audit, *, status: str, text: str) -> Action:
    return Action.objects.create(
        description=text,
        owner=world.user("practitioner"),
        created_by=world.user("team_manager"),
        due_date=date(2026, 10, 5),
        status=status,
        team=audit.team,
        source_type="audit",
        source_id=str(audit.pk),
    )


@pytest.fixture
def checked(world: World) -> dict[str, Any]:
    """Three checked actions: one done and found done, one marked done but found not done,
    one still open and found partly done."""
    cycle = Cycle.objects.create(year=2026, number=3, starts_on=date(2026, 9, 1))
    audit = _moderated_audit(world, cycle, "own")
    other = _moderated_audit(world, cycle, "other_area")
    agreed = _action(world, audit, status=Action.Status.DONE, text="Visit the child at school")
    contradicted = _action(
        world, audit, status=Action.Status.DONE, text="Share the plan with the GP"
    )
    partly = _action(world, other, status=Action.Status.OPEN, text="Hold a core group")
    ActionCheck.objects.create(moderation=audit.moderation, action=agreed, outcome="done")
    ActionCheck.objects.create(
        moderation=audit.moderation,
        action=contradicted,
        outcome="not_done",
        note="No record of the plan going to the GP.",
    )
    ActionCheck.objects.create(moderation=other.moderation, action=partly, outcome="partly")
    return {"cycle": cycle, "contradicted": contradicted, "agreed": agreed}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("qa_manager", 200),
        ("principal_social_worker", 200),
        ("team_manager", 403),
        ("director", 403),
        ("elected_member", 403),
    ],
)
def test_the_checks_page_is_the_qa_units(
    checked: dict[str, Any], client_for: Any, role: str, status: int
) -> None:
    assert client_for(role).get("/audits/insight/action-checks/").status_code == status


def test_the_checks_page_counts_by_auditor_team_and_cycle_and_lists_contradictions(
    checked: dict[str, Any], client_for: Any
) -> None:
    page = client_for("qa_pdm").get("/audits/insight/action-checks/").content.decode()
    assert "Moderators&#x27; checks by auditor" in page
    assert "Moderators&#x27; checks by team" in page
    assert "Moderators&#x27; checks by cycle" in page
    assert "Team_Manager Tester" in page and "B Family Support" in page and "2026-T3" in page
    assert "1 action" in page and "Share the plan with the GP" in page
    assert f"/actions/{checked['contradicted'].pk}/" in page
    assert f"/actions/{checked['agreed'].pk}/" not in page
    assert 'aria-current="page">Moderators\' checks of actions' in page


def test_the_checks_download_as_csv_and_excel(checked: dict[str, Any], client_for: Any) -> None:
    client = client_for("qa_pdm")
    answer = client.get("/audits/insight/action-checks/?format=csv&table=action-checks-by-team")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Team" and rows[0][-1] == "Marked done, checked not done"
    by_team = {r[0]: r for r in rows[1:]}
    assert by_team["A Family Support"][1:] == ["2", "1", "0", "1", "50.0", "1"]
    book = client.get("/audits/insight/action-checks/?format=xlsx")
    assert load_workbook(io.BytesIO(book.content)).sheetnames[0] == "about"


def test_an_action_marked_done_says_the_moderator_found_it_not_done(
    checked: dict[str, Any], client_for: Any
) -> None:
    client = client_for("practitioner")
    page = client.get(f"/actions/{checked['contradicted'].pk}/").content.decode()
    assert "Checked at moderation" in page
    assert "not done" in page and "govuk-warning-text" in page
    assert "No record of the plan going to the GP." in page
    agreed = client.get(f"/actions/{checked['agreed'].pk}/").content.decode()
    assert "Checked at moderation" in agreed and "govuk-warning-text" not in agreed


@pytest.mark.parametrize(
    ("role", "status"),
    [("qa_manager", 200), ("team_manager", 200), ("practitioner", 200), ("elected_member", 403)],
)
def test_action_completion_is_for_those_who_work_with_cases(
    checked: dict[str, Any], client_for: Any, role: str, status: int
) -> None:
    assert client_for(role).get("/actions/completion/").status_code == status


def test_action_completion_by_team_and_by_source(
    world: World, checked: dict[str, Any], client_for: Any
) -> None:
    Action.objects.create(
        description="Tell the family what the review decided",
        owner=world.user("practitioner"),
        created_by=world.user("cp_chair"),
        due_date=date(2026, 10, 5),
        source_type="alert",
        source_id="1",
        team=world.team_a,
    )
    page = client_for("qa_pdm").get("/actions/completion/").content.decode()
    assert "By team" in page and "By where the action came from" in page
    assert "Case audit" in page and "Practice alert" in page
    # Team A: three raised, two done (the share done is two of three).
    assert "66.7" in page
    # A cancelled action is left out of the share done.
    Action.objects.filter(description="Hold a core group").update(status=Action.Status.CANCELLED)
    page = client_for("qa_pdm").get("/actions/completion/").content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">\u2013</td>' in page


@pytest.fixture
def inquiries(world: World) -> Cycle:
    cycle = Cycle.objects.create(year=2026, number=3, starts_on=date(2026, 9, 1))
    answers = [
        "Direct work with the child was strong and planning meetings were timely.",
        "Direct work with the child stood out; the family felt heard.",
    ]
    for team, text in ((world.team_a, answers[0]), (world.team_b, answers[1])):
        services.inquiry_record(
            actor=world.user("qa_pdm"),
            team=team,
            cycle=cycle,
            kind="team",
            responses={
                "went_well": text,
                "made_it_work": "Reflective supervision every fortnight.",
                "differently": "Record the child's voice sooner.",
                "will_try": "Record the child's voice in every visit note.",
                "session_date": "2026-10-01",
            },
            audit_ids=[],
        )
    return cycle


def test_the_themes_of_appreciative_inquiry_are_collated(inquiries: Cycle, client_for: Any) -> None:
    page = client_for("qa_pdm").get("/audits/insight/inquiry-themes/").content.decode()
    assert "Themes that recur, by cycle and question" in page
    assert "direct work" in page and "What went well?" in page
    assert "reflective supervision" in page
    assert "Sessions recorded, by cycle and team" in page and "B Family Support" in page
    # A team manager reads the themes of the sessions their scope reaches only.
    mine = client_for("team_manager").get("/audits/insight/inquiry-themes/").content.decode()
    assert "B Family Support" not in mine
    assert client_for("elected_member").get("/audits/insight/inquiry-themes/").status_code == 403
    rows = client_for("qa_pdm").get(
        "/audits/insight/inquiry-themes/?format=csv&table=inquiry-themes"
    )
    assert rows.content.decode("utf-8-sig").splitlines()[0] == (
        "Cycle,Question,Theme,Sessions using it"
    )
