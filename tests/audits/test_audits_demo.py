"""The demo county's year of audits: plausible, consistent, and a cycle under way."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils.html import escape

from assure.actions.models import Action, ActionUpdate
from assure.audits.models import (
    GRADE_RANK,
    ActionCheck,
    AppreciativeInquiry,
    Audit,
    AuditChange,
    Cycle,
    Moderation,
    Sample,
)
from assure.core import clock
from assure.core.models import AuditEvent
from assure.demo import demo_load
from assure.demo.audits import audits_demo_load
from assure.instruments.engine import missing_required, validate
from assure.instruments.registry import tool_current
from assure.org.models import Team, User

BUMPS = {"draft_saved", "submitted", "action_added", "moderated", "finalised"}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[None]:
    """The demo county, loaded once for this module and rolled back after it.

    The clock stands still on the loading day for the whole module: a run that
    crosses midnight must not judge the demo's stories from the next day.
    """
    var_dir = tmp_path_factory.mktemp("var")  # its snapshots stay out of the repo's var/
    with (
        clock.frozen(clock.now()),
        override_settings(VAR_DIR=var_dir),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        demo_load(children=4000, today=clock.today())
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.usefixtures("demo"), pytest.mark.slow]


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.mark.django_db
def test_a_year_of_finalised_cycles_with_plausible_grades() -> None:
    current = Cycle.objects.order_by("-starts_on").first()
    past = list(Cycle.objects.exclude(pk=current.pk).order_by("starts_on"))
    assert len(past) == 3
    for cycle in past:
        audits = Audit.objects.filter(cycle=cycle)
        assert set(audits.values_list("status", flat=True)) == {Audit.Status.FINALISED}
        by_round = Counter(audits.values_list("round", flat=True))
        assert by_round[1] >= 160 and by_round[2] >= 160, by_round
        assert audits.values("team").distinct().count() >= 50
        assert Sample.objects.filter(cycle=cycle, status=Sample.Status.ALLOCATED).count() == 2
    grades = Counter(Audit.objects.filter(cycle__in=past).values_list("final_grade", flat=True))
    total = sum(grades.values())
    share = {g: n / total for g, n in grades.items()}
    assert share["good"] + share["requires_improvement"] >= 0.6, share
    assert 0.03 <= share["outstanding"] <= 0.25, share
    assert 0.03 <= share["inadequate"] <= 0.25, share


@pytest.mark.django_db
def test_every_finalised_audit_is_a_state_the_services_could_produce() -> None:
    audits = list(
        Audit.objects.filter(status=Audit.Status.FINALISED)
        .select_related("tool", "moderation")
        .prefetch_related("changes")
    )
    assert len(audits) >= 960
    tools: dict[int, Any] = {}
    for audit in audits:
        changes = sorted(audit.changes.all(), key=lambda c: (c.at, c.pk))
        kinds = [c.kind for c in changes]
        assert kinds[0] == "allocated" and kinds[-1] == "finalised", kinds
        assert kinds.index("submitted") < kinds.index("moderated") < kinds.index("finalised")
        # Each step starts where the last one left off, and each bumped the version once.
        for before, after in pairwise(changes):
            assert after.from_status == before.to_status, (audit.pk, before.kind, after.kind)
            assert after.at >= before.at
        assert audit.version == 1 + sum(k in BUMPS for k in kinds), (audit.pk, kinds)
        assert audit.allocated_at <= audit.submitted_at <= audit.finalised_at
        moderation = audit.moderation
        assert audit.final_grade == audit.moderated_grade == moderation.grade
        if moderation.decision == Moderation.Decision.CHANGE:
            assert moderation.grade != audit.auditor_grade and moderation.reason
        else:
            assert moderation.grade == audit.auditor_grade
        parsed = tools.setdefault(audit.tool_id, audit.tool.parsed)
        cleaned, errors = validate(parsed, audit.responses)
        assert errors == {} and cleaned == audit.responses, (audit.pk, errors)
        assert missing_required(parsed, audit.responses) == []


@pytest.mark.django_db
def test_actions_have_owners_due_dates_history_and_some_run_late() -> None:
    today = clock.today()
    actions = list(Action.objects.filter(source_type="audit").prefetch_related("updates"))
    assert len(actions) >= 500
    statuses = Counter(a.status for a in actions)
    assert statuses[Action.Status.DONE] > statuses[Action.Status.OPEN] > 0, statuses
    overdue = [a for a in actions if a.is_overdue_on(today)]
    assert len(overdue) >= 20
    # The demo reminds an owner the morning after the due date; the demo's day starts
    # at 07:00, so anything due before yesterday has had its reminder.
    yesterday = today - timedelta(days=1)
    assert all(a.reminded_at is not None for a in overdue if a.due_date < yesterday)
    assert any(a.escalated_at for a in overdue)
    audit_ids = set(Audit.objects.values_list("pk", flat=True))
    for a in actions:
        assert a.owner_id and a.due_date and int(a.source_id) in audit_ids
        updates = sorted(a.updates.all(), key=lambda u: (u.at, u.pk))
        assert updates[0].kind == ActionUpdate.Kind.CREATED
        edits = [u for u in updates if u.kind in ("status", "evidence", "comment")]
        assert a.version == 1 + len(edits), a.pk
        if a.status == Action.Status.DONE:
            assert a.completed_at is not None
        if edits and edits[-1].kind == "status":
            assert edits[-1].to_value == a.get_status_display()
    # The moderator checked the auditor's actions, each from its own audit.
    checks = ActionCheck.objects.select_related("moderation", "action")
    assert checks.count() >= 300
    assert {c.outcome for c in checks} == set(ActionCheck.Outcome.values)
    assert all(c.action.source_id == str(c.moderation.audit_id) for c in checks)


@pytest.mark.django_db
def test_moderation_moves_some_auditors_grades_systematically() -> None:
    moved: dict[int, list[int]] = defaultdict(list)
    for auditor, given, final in Audit.objects.filter(status=Audit.Status.FINALISED).values_list(
        "auditor", "auditor_grade", "final_grade"
    ):
        moved[auditor].append(GRADE_RANK[final] - GRADE_RANK[given])
    enough = {a: m for a, m in moved.items() if len(m) >= 8}
    down = [a for a, m in enough.items() if sum(x < 0 for x in m) / len(m) >= 0.25]
    up = [a for a, m in enough.items() if sum(x > 0 for x in m) / len(m) >= 0.25]
    steady = [a for a, m in enough.items() if sum(x != 0 for x in m) / len(m) <= 0.2]
    assert down and up and len(steady) > len(down) + len(up), (down, up)
    assert user("demo-auditor").pk in down, moved.get(user("demo-auditor").pk)


@pytest.mark.django_db
def test_each_team_has_an_appreciative_inquiry_per_past_cycle() -> None:
    tool = tool_current("appreciative_inquiry").parsed
    current = Cycle.objects.order_by("-starts_on").first()
    inquiries = list(
        AppreciativeInquiry.objects.filter(kind=AppreciativeInquiry.Kind.TEAM)
        .select_related("cycle")
        .prefetch_related("audits")
    )
    teams = set(Audit.objects.values_list("team", flat=True))
    per_cycle = Counter(i.cycle_id for i in inquiries)
    assert len(per_cycle) == 3 and current.pk not in per_cycle
    assert all(n >= len(teams) for n in per_cycle.values())
    texts = Counter(i.responses["went_well"] for i in inquiries)
    assert len(texts) > len(inquiries) / 2  # varied, not one answer pasted everywhere
    for inquiry in inquiries:
        cleaned, errors = validate(tool, inquiry.responses)
        assert errors == {} and missing_required(tool, cleaned) == []
        assert all(a.team_id == inquiry.team_id for a in inquiry.audits.all())
    assert sum(1 for i in inquiries if i.audits.all()) > len(inquiries) / 2


@pytest.mark.django_db
def test_text_answers_repeat_phrases_for_the_analytics_to_find() -> None:
    strengths = [
        a.responses["assessment_strengths"]
        for a in Audit.objects.filter(tool__key="cype_audit", status="finalised")
    ]
    assert len(set(strengths)) > len(strengths) / 4
    voice = sum("child's voice" in s for s in strengths)
    assert voice >= len(strengths) / 10


@pytest.mark.django_db
def test_the_demo_is_in_the_middle_of_a_cycle() -> None:
    today = clock.today()
    cycle = Cycle.objects.order_by("-starts_on").first()
    auditor, moderator = user("demo-auditor"), user("demo-moderator")
    practitioner, qa = user("demo-practitioner"), user("demo-qa")
    waiting = Audit.objects.filter(
        cycle=cycle,
        auditor=auditor,
        status__in=[Audit.Status.ALLOCATED, Audit.Status.IN_PROGRESS],
    )
    assert waiting.count() >= 12
    assert all(a.due_date > today for a in waiting)
    submitted = Audit.objects.filter(
        cycle=cycle, auditor=auditor, moderator=moderator, status=Audit.Status.SUBMITTED
    )
    assert submitted.count() >= 5
    assert all(a.team.service_id == auditor.team.service_id for a in submitted)
    own = Audit.objects.filter(practitioner=practitioner, status=Audit.Status.IN_PROGRESS)
    assert own.exists()
    assert Action.objects.filter(
        owner=practitioner, status__in=Action.OUTSTANDING, due_date__gte=today
    ).exists()
    assert Sample.objects.get(cycle=cycle, round=2).status == Sample.Status.DRAFT
    assert Sample.objects.get(cycle=cycle, round=1).status == Sample.Status.ALLOCATED
    # Everything in the cycle went through the services: a trail event per step.
    assert AuditEvent.objects.filter(summary__startswith=f"Created the audit cycle {cycle.label}")
    for audit in submitted:
        kinds = list(AuditChange.objects.filter(audit=audit).values_list("kind", flat=True))
        assert kinds[0] == "allocated" and kinds[-1] == "submitted"
        cleaned, errors = validate(audit.tool.parsed, audit.responses)
        assert not errors and missing_required(audit.tool.parsed, cleaned) == []

    pages = {
        "demo-auditor": ["Audits waiting for you", "Audit of case"],
        "demo-moderator": ["awaiting your moderation"],
        "demo-practitioner": ["Audits of your cases", "with Ade Auditor"],
    }
    for username, expected in pages.items():
        browser = Client()
        browser.force_login(user(username))
        html = browser.get("/").content.decode()
        for text in expected:
            assert text in html, (username, text)
    browser = Client()
    browser.force_login(qa)
    html = browser.get(f"/audits/cycles/{cycle.pk}/").content.decode()
    assert "month 3 sample</a>: being reviewed" in html.lower()
    browser.force_login(moderator)
    assert browser.get("/audits/moderation/").status_code == 200


@pytest.mark.django_db
def test_loading_again_changes_nothing() -> None:
    counts = (Cycle.objects.count(), Audit.objects.count(), Action.objects.count())
    again = audits_demo_load(today=clock.today())
    assert not again.created
    assert not demo_load(children=4000).created
    assert (Cycle.objects.count(), Audit.objects.count(), Action.objects.count()) == counts
    assert Team.objects.filter(name="Ashmere Family Support").count() == 1


@pytest.mark.django_db
def test_the_history_shows_on_the_pages() -> None:
    changed = (
        Moderation.objects.filter(
            decision=Moderation.Decision.CHANGE,
            audit__auditor__username="demo-auditor",
        )
        .select_related("audit")
        .first()
    )
    assert changed is not None
    auditor = Client()
    auditor.force_login(user("demo-auditor"))
    html = auditor.get(f"/audits/{changed.audit_id}/").content.decode()
    assert escape(changed.reason) in html
    document = auditor.get(f"/audits/{changed.audit_id}/document.docx")
    assert document.status_code == 200 and document.content[:2] == b"PK"
    inquiries = auditor.get("/audits/inquiries/")
    assert inquiries.status_code == 200 and "Ashmere Family Support" in inquiries.content.decode()
    practitioner = Client()
    practitioner.force_login(user("demo-practitioner"))
    actions = practitioner.get("/actions/")
    assert actions.status_code == 200
    for action in Action.objects.filter(owner__username="demo-practitioner"):
        page = practitioner.get(f"/actions/{action.pk}/")
        assert page.status_code == 200
        assert escape(action.description[:100]) in page.content.decode()
