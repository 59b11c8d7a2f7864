"""Notifications leave Assure by email: their texts name no child and no grade, and they
are sent only once the change is committed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from assure.core.models import Notification
from assure.instruments.definitions import GRADE_LABELS
from assure.org.models import Child
from assure.reviews import services
from assure.reviews.jobs import alerts_remind
from assure.reviews.models import Meeting
from tests.conftest import World
from tests.reviews.conftest import qa_answers

RAISED = datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("Europe/London"))


def forbidden(world: World) -> list[str]:
    refs = list(Child.objects.values_list("reference", flat=True))
    grades = [*GRADE_LABELS, *GRADE_LABELS.values()]
    return [w.lower() for w in (*refs, *grades, "requires improvement")]


def qa(world: World, meeting: Meeting, grade: str, concern: str) -> None:
    services.meeting_qa_record(
        actor=meeting.chair,
        meeting_id=meeting.pk,
        responses=qa_answers(meeting.kind),
        grade=grade,
        concern=concern,
        now=RAISED,
    )


@pytest.mark.django_db
def test_no_notification_names_a_child_or_a_grade(
    world: World, meetings: dict[str, Meeting], django_capture_on_commit_callbacks: Any
) -> None:
    chair = world.user("cp_chair")
    with django_capture_on_commit_callbacks(execute=True):
        # The chair's free text names the child, as people do.
        qa(world, meetings["cp"], "outstanding", "REF-OWN's voice shaped the whole plan")
        qa(world, meetings["cp2"], "inadequate", "REF-TEAM was not seen alone: inadequate")
        qa(world, meetings["other_chair"], "good", "")
        alert = meetings["cp2"].alerts.get()
        alerts_remind(alert.due - timedelta(hours=2))
        services.alerts_escalate(now=alert.due + timedelta(minutes=1))
        alert.refresh_from_db()
        services.alert_respond(actor=alert.owner, alert_id=alert.pk, text="REF-TEAM seen today")
        services.alert_resolve(actor=chair, alert_id=alert.pk, text="REF-TEAM is safe now")
        services.midway_review_record(
            actor=chair,
            meeting_id=meetings["cp"].pk,
            review_date=date(2026, 12, 14),
            items=[{"decision": "REF-OWN to see the GP", "status": "not_started"}],
            raise_alert=True,
            concern="REF-OWN has not seen the GP",
        )
        [check, *_] = services.chair_checks_draw(
            actor=world.user("qa_pdm"), month=date(2026, 11, 1), per_chair=3
        )
        services.chair_check_record(
            actor=world.user("qa_pdm"),
            check_id=check.pk,
            decision="disagree",
            grade="requires_improvement" if check.qa.grade != "requires_improvement" else "good",
            note="REF-OWN's plan is not SMART",
        )
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds >= {
        "meeting_qa",
        "appreciation",
        "alert_raised",
        "alert_reminder",
        "alert_escalated",
        "alert_responded",
        "alert_resolved",
        "chair_check",
    }
    words = forbidden(world)
    for kind, text in Notification.objects.values_list("kind", "text"):
        found = [w for w in words if w in text.lower()]
        assert not found, (kind, text)


@pytest.mark.django_db
def test_nobody_is_told_of_a_qa_that_was_rolled_back(
    world: World, meetings: dict[str, Meeting], django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        qa(world, meetings["cp"], "outstanding", "")
        raise RuntimeError("the request failed after the QA was recorded")
    assert not Notification.objects.exists()
