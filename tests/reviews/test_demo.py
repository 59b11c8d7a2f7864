"""The demo county's year of chairs' QA."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from django.db.models import Count

from assure.core import clock
from assure.demo import demo_load
from assure.org.models import User
from assure.reviews.models import (
    AlertEvent,
    Appreciation,
    Meeting,
    MeetingQA,
    MidwayReview,
    PracticeAlert,
)
from assure.reviews.selectors import meetings_awaiting_qa


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_has_a_year_of_chairs_qa_and_work_waiting() -> None:
    today = date(2026, 11, 26)
    demo_load(children=2500, today=today)
    assert Meeting.objects.count() > 1000
    assert Meeting.objects.filter(date__lt=date(2026, 1, 1)).exists()
    assert MeetingQA.objects.count() > 0.9 * Meeting.objects.count() - 60
    assert Appreciation.objects.exists() and MidwayReview.objects.exists()
    stages = set(PracticeAlert.objects.values_list("stage", flat=True))
    assert stages == {1, 2, 3, 4}
    statuses = dict(PracticeAlert.objects.values_list("status").annotate(n=Count("pk")).order_by())
    assert statuses.get("resolved", 0) > statuses.get("open", 0) > 0
    assert PracticeAlert.objects.filter(status="open", due__lt=clock.now()).exists()
    # Histories match: the last raise or escalation is at the alert's stage, and
    # every resolved alert's last event is its resolution.
    for alert in PracticeAlert.objects.prefetch_related("events"):
        events = list(alert.events.all())
        moves = [e for e in events if e.kind in ("raised", "escalated")]
        assert moves[0].kind == "raised" and moves[-1].stage == alert.stage
        assert [e.stage for e in moves] == sorted(e.stage for e in moves)
        assert all(a.at <= b.at for a, b in pairwise(events))
        if alert.status == "resolved":
            assert events[-1].kind == "resolved" and events[-1].at == alert.resolved_at
    assert AlertEvent.objects.filter(kind="escalated").exists()

    chair = User.objects.get(username="demo-chair")
    awaiting = meetings_awaiting_qa(chair)
    assert awaiting.count() >= 6
    assert awaiting.filter(practitioner__username="demo-practitioner").count() >= 2
    auditor = User.objects.get(username="demo-auditor")
    assert PracticeAlert.objects.filter(owner=auditor, status="open").exists()
    moderator = User.objects.get(username="demo-moderator")
    assert PracticeAlert.objects.filter(owner=moderator, status="open", stage=2).exists()
