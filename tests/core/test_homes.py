"""The homes that show what needs doing: the QA unit's, with reminders to send, and a director's.

Every test runs on a stated day (the clock stopped on it), so "overdue by N
working days" and "once a day" mean the same whatever day the suite runs.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from assure.actions.models import Action, ActionUpdate
from assure.audits.models import Audit, AuditChange, Cycle
from assure.core import clock
from assure.core.models import AuditEvent, Notification
from assure.core.notifications import notification_email
from assure.instruments.registry import tool_current
from assure.reviews.models import Meeting, PracticeAlert
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")
# Thursday 15 October 2026: the 2026-T3 cycle (from 1 September) is under way and
# 2026-T2 (May to August) is over.
MOMENT = datetime(2026, 10, 15, 10, 0, tzinfo=LONDON)


@pytest.fixture
def on_the_day() -> Any:
    with clock.frozen(MOMENT):
        yield


def _audit(world: World, cycle: Cycle, **fields: Any) -> Audit:
    case = world.cases[fields.pop("case", "own")]
    values: dict[str, Any] = {
        "cycle": cycle,
        "case": case,
        "team": case.team,
        "tool": tool_current("cype_audit"),
        "auditor": world.user("team_manager"),
        "practitioner": case.allocated_worker,
        "due_date": date(2026, 9, 30),
    }
    values.update(fields)
    return Audit.objects.create(**values)


@pytest.fixture
def cycle_work(world: World, on_the_day: Any) -> dict[str, Any]:
    """This cycle: one audit overdue since 30 September, one submitted and waiting for
    moderation, one finalised; the last cycle: finalised grades."""
    current = Cycle.objects.create(year=2026, number=3, starts_on=date(2026, 9, 1))
    last = Cycle.objects.create(year=2026, number=2, starts_on=date(2026, 5, 1))
    overdue = _audit(world, current)
    waiting = _audit(
        world,
        current,
        case="team",
        status=Audit.Status.SUBMITTED,
        auditor_grade="good",
        submitted_at=datetime(2026, 10, 1, 12, tzinfo=LONDON),
        moderator=world.user("service_manager"),
        moderation_due=date(2026, 10, 9),
    )
    _audit(
        world,
        current,
        case="other_area",
        status=Audit.Status.FINALISED,
        auditor_grade="good",
        moderated_grade="good",
        final_grade="good",
        submitted_at=datetime(2026, 9, 20, 12, tzinfo=LONDON),
    )
    for grade in ("good", "good", "inadequate"):
        _audit(
            world,
            last,
            due_date=date(2026, 5, 29),
            status=Audit.Status.FINALISED,
            auditor_grade=grade,
            moderated_grade=grade,
            final_grade=grade,
            submitted_at=datetime(2026, 5, 20, 12, tzinfo=LONDON),
        )
    action = Action.objects.create(
        description="Update the child's plan with the school's view",
        owner=world.user("practitioner"),
        created_by=world.user("team_manager"),
        due_date=date(2026, 10, 5),
        team=world.team_a,
        child_ref="REF-OWN",
        source_type="audit",
        source_id=str(overdue.pk),
    )
    return {"overdue": overdue, "waiting": waiting, "action": action}


def test_the_qa_home_shows_the_cycle_and_what_is_late(
    cycle_work: dict[str, Any], client_for: Any
) -> None:
    page = client_for("qa_manager").get("/").content.decode()
    assert "This cycle&#x27;s audits (2026-T3)" in page
    assert "By team" in page and "By auditor" in page
    assert "A Family Support" in page
    # 30 September to 15 October 2026: eleven working days.
    assert "Overdue audits" in page and "overdue by 11 working days" in page
    assert "Waiting for moderation" in page
    # Moderation was due on Friday 9 October: four working days ago.
    assert "moderation overdue by 4 working days" in page
    assert "Remind Service_Manager Tester" in page
    assert "Overdue actions" in page and "Remind Practitioner Tester" in page
    assert "/audits/insight/completion/?cycle=" in page
    assert "Practice alerts by stage" in page
    assert "Auditors whose grading drifts" in page
    # No child's reference on the home page: each line opens the audit's own page.
    assert "REF-OWN" not in page


def test_other_roles_have_no_qa_panels_and_no_reminders(
    cycle_work: dict[str, Any], client_for: Any
) -> None:
    for role in ("practitioner", "team_manager", "director", "elected_member"):
        page = client_for(role).get("/").content.decode()
        assert "Overdue audits" not in page, role
        assert "/chase/" not in page, role


def _chase(client: Any, kind: str, object_id: int) -> Any:
    return client.post("/chase/", {"kind": kind, "id": str(object_id), "next": "/"}, follow=True)


def test_a_reminder_is_sent_trailed_kept_in_history_and_sent_once_a_day(
    world: World, cycle_work: dict[str, Any], client_for: Any
) -> None:
    audit = cycle_work["overdue"]
    qa = client_for("qa_manager")
    answer = _chase(qa, "audit_overdue", audit.pk)
    assert "Reminder sent to Team_Manager Tester." in answer.content.decode()
    sent = Notification.objects.filter(kind="chase_audit_overdue", object_id=str(audit.pk))
    assert [n.user for n in sent.all()] == [world.user("team_manager")]
    # The email says a fixed sentence for the kind and names no child.
    subject, body = notification_email(sent.get())
    assert subject == "Assure: The QA unit asks after an overdue audit allocated to you"
    assert "REF-OWN" not in subject + body
    assert AuditChange.objects.filter(audit=audit, kind="chased").count() == 1
    assert AuditEvent.objects.filter(
        object_type="audits.audit",
        object_id=str(audit.pk),
        summary__startswith="Reminded Team_Manager Tester",
    ).exists()
    # The home page now says so instead of offering the button again.
    assert "Reminded today" in qa.get("/").content.decode()

    again = _chase(client_for("qa_pdm"), "audit_overdue", audit.pk)
    assert "already been reminded today" in again.content.decode()
    assert sent.count() == 1

    with clock.frozen(MOMENT + timedelta(days=1)):
        tomorrow = _chase(qa, "audit_overdue", audit.pk)
    assert "Reminder sent" in tomorrow.content.decode()
    assert sent.count() == 2


def test_only_the_qa_unit_chases_and_only_what_is_late(
    world: World, cycle_work: dict[str, Any], client_for: Any
) -> None:
    audit = cycle_work["overdue"]
    assert _chase(client_for("team_manager"), "audit_overdue", audit.pk).status_code == 403
    assert _chase(client_for("director"), "audit_overdue", audit.pk).status_code == 403
    qa = client_for("qa_manager")
    assert _chase(qa, "audit_overdue", 10**9).status_code == 404
    odd = qa.post("/chase/", {"kind": "audit_overdue", "id": "\u00b2", "next": "/"})
    assert odd.status_code == 404  # a digit that is not a number names nothing
    assert _chase(qa, "no_such_kind", audit.pk).status_code == 404
    # An audit already submitted is not overdue: nothing to chase.
    assert _chase(qa, "audit_overdue", cycle_work["waiting"].pk).status_code == 404
    assert not Notification.objects.filter(kind__startswith="chase_").exists()
    # Back only to a page of Assure's own.
    away = qa.post(
        "/chase/",
        {"kind": "audit_overdue", "id": str(audit.pk), "next": "https://example.com/"},
    )
    assert away.status_code == 302 and away["Location"] == "/"


def test_moderation_and_an_overdue_action_are_chased_too(
    world: World, cycle_work: dict[str, Any], client_for: Any
) -> None:
    qa = client_for("qa_manager")
    _chase(qa, "audit_moderation", cycle_work["waiting"].pk)
    assert Notification.objects.get(kind="chase_audit_moderation").user == world.user(
        "service_manager"
    )
    action = cycle_work["action"]
    _chase(qa, "action_overdue", action.pk)
    assert Notification.objects.get(kind="chase_action_overdue").user == world.user("practitioner")
    reminded = ActionUpdate.objects.get(action=action, kind=ActionUpdate.Kind.REMINDED)
    assert reminded.actor == world.user("qa_manager")
    action.refresh_from_db()
    assert action.version == 1  # a reminder is no edit: nobody's open form goes stale


def _alert(world: World, *, status: str, due: datetime) -> PracticeAlert:
    chair = world.user("cp_chair")
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.CP_CONFERENCE,
        date=date(2026, 9, 1),
        case=world.cases["own"],
        team=world.team_a,
        chair=chair,
    )
    return PracticeAlert.objects.create(
        meeting=meeting,
        team=world.team_a,
        raised_by=chair,
        reason=PracticeAlert.Reason.URGENT,
        concern=(
            "The safety plan has not been shared with the school and nobody is checking it "
            "every week"
        ),
        stage=1,
        owner=world.user("team_manager"),
        due=due,
        status=status,
        created=due - timedelta(days=7),
    )


def test_alerts_for_you_to_answer_are_the_ones_that_wait_for_you(
    world: World, on_the_day: Any, client_for: Any
) -> None:
    waiting = _alert(world, status="open", due=datetime(2026, 10, 12, 17, tzinfo=LONDON))
    answered = _alert(world, status="responded", due=datetime(2026, 10, 13, 17, tzinfo=LONDON))
    page = client_for("team_manager").get("/").content.decode()
    assert f"/chairs/alerts/{waiting.pk}/" in page
    assert f"/chairs/alerts/{answered.pk}/" not in page
    # 12 to 15 October 2026: three working days; cut at a word, never mid-word.
    assert "overdue by 3 working days" in page
    assert "nobody is checking it..." in page and "checking it every" not in page

    qa = client_for("qa_manager")
    assert "Remind Team_Manager Tester" in qa.get("/").content.decode()
    _chase(qa, "alert_waiting", waiting.pk)
    assert Notification.objects.get(kind="chase_alert_waiting").user == world.user("team_manager")
    assert waiting.events.filter(kind="reminded", actor=world.user("qa_manager")).exists()
    # An answered alert waits for the chair, not for the stage's owner: nothing to chase.
    assert _chase(qa, "alert_waiting", answered.pk).status_code == 404


def test_a_director_home_leads_with_performance_and_the_qa_picture(
    cycle_work: dict[str, Any], client_for: Any
) -> None:
    page = client_for("director").get("/").content.decode()
    headline, picture = page.index("Headline performance"), page.index("The quality of practice")
    assert headline < picture < page.index("New for you")
    assert "No Annex A has been imported yet" in page
    # The last finished cycle's final grades: two good, one inadequate.
    assert "Final grades of 2026-T2" in page and "(66.7% good or better)" in page
    assert "2026-T3 so far, by service" in page
    assert "Practice alerts by stage" in page


def test_an_auditor_whose_grades_moderation_keeps_moving_is_flagged(
    world: World, cycle_work: dict[str, Any], client_for: Any
) -> None:
    last = Cycle.objects.get(year=2026, number=2)
    for _ in range(5):
        _audit(
            world,
            last,
            auditor=world.user("service_manager"),
            due_date=date(2026, 5, 29),
            status=Audit.Status.FINALISED,
            auditor_grade="inadequate",
            moderated_grade="good",
            final_grade="good",
            submitted_at=datetime(2026, 5, 20, 12, tzinfo=LONDON),
        )
    page = client_for("qa_manager").get("/").content.decode()
    panel = page[page.index("Auditors whose grading drifts") :]
    assert "1</span> auditor flagged for drift" in panel
    assert "Service_Manager Tester" in panel[: panel.index("Calibration of every auditor")]
    assert "100% moved up by moderation" in panel


def test_the_headline_puts_our_annex_a_beside_england_and_the_neighbours(
    world: World, on_the_day: Any, client_for: Any, tmp_path: Any
) -> None:
    from django.test import override_settings

    from assure.insight.services import snapshot_import
    from tests.insight.annex_builders import write_csv_folder

    row = {
        "Child Unique ID": "C1",
        "Date of referral": "01/09/2026",
        "Referral NFA?": "No",
        "Number of Referrals in Last 12 Months": "0",
    }
    with override_settings(VAR_DIR=tmp_path / "var"):
        folder = write_csv_folder(tmp_path / "annex", {3: [row]})
        assert snapshot_import(path=folder, as_of=date(2026, 9, 30)).snapshot is not None
        page = client_for("director").get("/").content.decode()
    headline = page[page.index("Headline performance") : page.index("The quality of practice")]
    assert "Our Annex A as at 30 September 2026" in headline
    assert "Re-referrals within 12 months (%)" in headline
    assert "Statistical neighbours" in headline and "England" in headline
    # One re-referral in none: 0%, better than England's published share.
    assert "Better (lower)" in headline
