"""What the audits app tells people (and so what its emails say) names no child and no grade."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from assure.audits import services
from assure.audits.jobs import audits_remind
from assure.audits.models import Audit, Cycle
from assure.core.models import Notification
from assure.instruments.definitions import GRADE_LABELS
from assure.instruments.engine import tool_as_api
from assure.org.models import Child
from tests.audits.conftest import answer_everything
from tests.conftest import World

GRADE_WORDS = re.compile(
    r"\b(" + "|".join(re.escape(label.lower()) for label in GRADE_LABELS.values()) + r")\b"
)
LONDON = ZoneInfo("Europe/London")


@pytest.mark.django_db
def test_no_notification_from_a_full_audit_loop_names_a_child_or_a_grade(
    world: World, cycle: Cycle, django_capture_on_commit_callbacks: Any
) -> None:
    qa, auditor, moderator = (world.user(r) for r in ("qa_pdm", "team_manager", "service_manager"))
    for team in (world.team_a, world.team_b, world.team_eh):
        team.manager = auditor
        team.save()
    with django_capture_on_commit_callbacks(execute=True):
        sample = services.sample_draw(
            actor=qa, cycle=cycle, round=1, target=4, seed=7, on=date(2026, 9, 1)
        )
        services.sample_allocate(actor=qa, sample=sample)
    audit = Audit.objects.get(case=world.cases["own"])  # team A: the service manager moderates
    late = Audit.objects.exclude(pk=audit.pk).order_by("pk").first()
    assert late is not None
    with django_capture_on_commit_callbacks(execute=True):
        audit = services.audit_save_draft(
            actor=auditor,
            audit_id=audit.pk,
            version=audit.version,
            responses=answer_everything(tool_as_api(audit.tool.parsed)),
        )
        audit = services.audit_submit(
            actor=auditor, audit_id=audit.pk, version=audit.version, grade="outstanding"
        )
        services.audit_reassign(actor=qa, audit_id=late.pk, auditor=moderator, version=late.version)
    with django_capture_on_commit_callbacks(execute=True):
        audit = services.moderation_record(
            actor=moderator,
            audit_id=audit.pk,
            version=audit.version,
            decision="change",
            grade="good",
            reason="The plan lacks timescales",
        )
        services.audit_action_add(
            actor=moderator,
            audit_id=audit.pk,
            description="Add timescales to the plan",
            owner=world.user("practitioner"),
            due_date=date(2099, 1, 31),
        )
        audit.refresh_from_db()
        services.audit_finalise(actor=moderator, audit_id=audit.pk, version=audit.version)
    Audit.objects.filter(pk=late.pk).update(due_date=date(2026, 12, 18))
    audits_remind(datetime(2026, 12, 21, 9, tzinfo=LONDON))
    audits_remind(datetime(2026, 12, 31, 9, tzinfo=LONDON))

    told = list(Notification.objects.all())
    kinds = {n.kind for n in told}
    for kind in (
        "audit_allocated",
        "audit_submitted",
        "audit_finalised",
        "audit_overdue",
        "audit_overdue_escalated",
    ):
        assert kind in kinds, kind
    refs = set(Child.objects.values_list("reference", flat=True))
    for note in told:
        assert not any(ref in note.text for ref in refs), note.text
        assert not GRADE_WORDS.search(note.text.lower()), note.text
    submitted = Notification.objects.get(kind="audit_submitted")
    assert submitted.text == "An audit is ready for moderation"
    assert submitted.link == f"/audits/{audit.pk}/"
