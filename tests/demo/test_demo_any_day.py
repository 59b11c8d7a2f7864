"""The demo's stories hold whichever day it is loaded on.

A council may open the demo on a cycle's first morning, on Christmas Day, over
Easter or on 29 February; a newcomer runs `make demo` on any of them. Each
date here loads the county with the clock stopped on that day and checks the
stories the README promises: a cycle under way with work waiting for every
demo user, an auditor whose grades moderation keeps moving down, actions that
ran late (reminded, some escalated), practice alerts at every stage, and a
performance trend with a signal to find.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from assure.actions.models import Action
from assure.audits.models import GRADE_RANK, Audit, Cycle
from assure.core import clock
from assure.demo import demo_load
from assure.insight.report import indicator_series
from assure.insight.trends import xmr
from assure.org.models import User
from assure.reviews.models import PracticeAlert
from assure.reviews.selectors import meetings_awaiting_qa

CHILDREN = 2500

DAYS = [
    date(2026, 12, 1),  # the day this test was written: a month's first day
    date(2026, 12, 25),  # Christmas Day
    date(2026, 12, 31),  # the last day of cycle T3
    date(2027, 1, 1),  # New Year's Day: cycle T1's first day, a bank holiday
    date(2027, 3, 26),  # Good Friday
    date(2027, 3, 29),  # Easter Monday
    date(2027, 4, 30),  # the last day of cycle T1
    date(2027, 5, 1),  # a Saturday, cycle T2's first day
    date(2027, 6, 15),  # an ordinary Tuesday mid-cycle
    date(2027, 8, 31),  # the last day of cycle T2
    date(2027, 9, 1),  # cycle T3's first day
    date(2028, 2, 29),  # a leap day
]


def user(username: str) -> User:
    return User.objects.get(username=username)


def check_a_cycle_is_under_way_with_work_for_everyone(today: date) -> None:
    cycle = Cycle.objects.order_by("-starts_on").first()
    assert cycle is not None and cycle.starts_on <= today <= cycle.month_end(4)
    auditor, moderator = user("demo-auditor"), user("demo-moderator")
    waiting = Audit.objects.filter(
        cycle=cycle, auditor=auditor, status__in=[Audit.Status.ALLOCATED, Audit.Status.IN_PROGRESS]
    )
    assert waiting.count() >= 10
    assert all(a.due_date > today for a in waiting)
    assert Audit.objects.filter(
        cycle=cycle, moderator=moderator, status=Audit.Status.SUBMITTED
    ).exists()
    assert Audit.objects.filter(
        practitioner=user("demo-practitioner"), status=Audit.Status.IN_PROGRESS
    ).exists()
    assert meetings_awaiting_qa(user("demo-chair")).count() >= 6


def check_the_demo_auditor_drifts_generous(today: date) -> None:
    moves = [
        GRADE_RANK[final] - GRADE_RANK[given]
        for given, final in Audit.objects.filter(
            auditor=user("demo-auditor"), status=Audit.Status.FINALISED
        ).values_list("auditor_grade", "final_grade")
    ]
    assert len(moves) >= 8
    assert sum(m < 0 for m in moves) / len(moves) >= 0.25, moves


def check_actions_ran_late_and_were_chased(today: date) -> None:
    actions = list(Action.objects.filter(source_type="audit"))
    overdue = [a for a in actions if a.is_overdue_on(today)]
    assert len(overdue) >= 10
    yesterday = today - timedelta(days=1)
    assert all(a.reminded_at is not None for a in overdue if a.due_date < yesterday)
    assert any(a.escalated_at is not None for a in overdue)
    assert all(a.created <= clock.now() for a in actions)


def check_alerts_stand_at_every_stage(today: date) -> None:
    open_alerts = PracticeAlert.objects.filter(status="open")
    assert set(PracticeAlert.objects.values_list("stage", flat=True)) == {1, 2, 3, 4}
    assert open_alerts.filter(owner=user("demo-auditor"), stage=1).exists()
    assert open_alerts.filter(owner=user("demo-moderator"), stage=2).exists()
    assert open_alerts.filter(due__lt=clock.now()).exists()
    stages = Counter(open_alerts.values_list("stage", flat=True))
    assert stages[1] > 0, stages


def check_a_trend_shows_a_signal(today: date) -> None:
    series = indicator_series()
    points = [(p.as_of, p.value) for p in series.series["assessments_45wd_pct"]]
    assert len(points) >= 9 and points[-1][0] <= today
    assert xmr(points, polarity="higher_better").signals


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("today", DAYS, ids=[d.isoformat() for d in DAYS])
def test_the_demo_stories_hold_on(today: date) -> None:
    with clock.frozen(clock.local_moment(today, 9, 30)):
        demo_load(children=CHILDREN)
        assert clock.today() == today
        check_a_cycle_is_under_way_with_work_for_everyone(today)
        check_the_demo_auditor_drifts_generous(today)
        check_actions_ran_late_and_were_chased(today)
        check_alerts_stand_at_every_stage(today)
        check_a_trend_shows_a_signal(today)
