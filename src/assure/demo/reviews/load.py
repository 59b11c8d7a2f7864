"""A year of chairs' QA for the demo county: conferences and reviews, their QA,
practice alerts at every stage (some overdue, most resolved), appreciations
and mid-way reviews. Seeded, written in bulk, histories consistent.

`demo-chair` ends with meetings awaiting QA, some for cases of
`demo-practitioner`; `demo-auditor` has an open alert to answer and
`demo-moderator` one that escalated to them.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.urls import reverse

from assure.core import trail
from assure.core.models import AuditEvent, Notification
from assure.org.models import Case, RoleAssignment, Team, User
from assure.reviews.models import (
    AlertEvent,
    Appreciation,
    Meeting,
    MeetingQA,
    MidwayReview,
    PracticeAlert,
)

from ..bulk import timestamps_as_given
from .alerts import Alerts, AlertStory
from .meetings import LONDON, chairs_recent, meeting_qa, meetings_through_the_year, quarter_hour_on
from .texts import CONCERNS, DECISIONS


def _midway_reviews(
    rng: random.Random,
    *,
    today: date,
    qas: list[MeetingQA],
    by_meeting: dict[int, Meeting],
    alerts: Alerts,
) -> tuple[list[MidwayReview], list[tuple[int, AlertStory]]]:
    """Most quality-assured meetings of six weeks ago or more have a mid-way review; where
    decisions stalled, some raise an alert (as (index of the review, alert))."""
    midways: list[MidwayReview] = []
    midway_alerts: list[tuple[int, AlertStory]] = []
    for qa in qas:
        m = by_meeting[qa.meeting_id]
        review_day = m.date + timedelta(days=rng.randint(42, 70))
        if review_day >= today or rng.random() < 0.25:
            continue
        items = [
            {
                "decision": d,
                "status": rng.choices(["implemented", "in_progress", "not_started"], [5, 3, 1])[0],
                "note": "",
            }
            for d in rng.sample(DECISIONS, rng.randint(2, 4))
        ]
        midways.append(
            MidwayReview(
                meeting=m,
                chair_id=m.chair_id,
                date=review_day,
                items=items,
                recorded_at=datetime.combine(review_day, time(17, 0), tzinfo=LONDON),
            )
        )
        stalled = sum(i["status"] == "not_started" for i in items)
        if stalled >= 2 and rng.random() < 0.5:
            concern = "Decisions of the last meeting have not started: " + "; ".join(
                i["decision"].lower() for i in items if i["status"] == "not_started"
            )
            story = alerts.history(
                m, None, PracticeAlert.Reason.MIDWAY, concern, quarter_hour_on(review_day, rng)
            )
            midway_alerts.append((len(midways) - 1, story))
    return midways, midway_alerts


def _demo_people_alerts(
    rng: random.Random,
    *,
    today: date,
    qas: list[MeetingQA],
    by_meeting: dict[int, Meeting],
    alerts: Alerts,
    demo_chair: User,
    demo_worker: User,
) -> list[AlertStory]:
    """One alert for demo-auditor to answer and one escalated to demo-moderator, both
    raised by demo-chair about demo-practitioner's practice."""
    made: list[AlertStory] = []
    demo_qas = [q for q in qas if by_meeting[q.meeting_id].practitioner_id == demo_worker.pk]
    for qa, target_stage, days_ago in zip(demo_qas[:2], (1, 2), (1, 9), strict=False):
        raised = quarter_hour_on(today - timedelta(days=days_ago), rng, 9, 11)
        if raised >= alerts.now:
            raised = alerts.now - timedelta(hours=2)
        story = alerts.raise_alert(
            by_meeting[qa.meeting_id],
            qa,
            reason=PracticeAlert.Reason.URGENT,
            concern=CONCERNS[1],
            raised=raised,
            raised_by_id=demo_chair.pk,
        )
        if target_stage == 2:
            alerts.escalate(story, story.alert.due + timedelta(minutes=15))
        made.append(story)
    return made


def reviews_demo_load(*, today: date, seed: int = 4) -> dict[str, int]:
    """Write a year of meetings and everything after them. Called once, by the demo loader."""
    rng = random.Random(seed)
    now = datetime.combine(today, time(9, 0), tzinfo=LONDON)
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    demo_chair = users["demo-chair"]
    demo_worker = users["demo-practitioner"]
    chairs: dict[str, list[User]] = {"cp_chair": [], "iro": []}
    for ra in RoleAssignment.objects.filter(role__in=chairs).select_related("user"):
        if ra.user_id != demo_chair.pk:
            chairs[ra.role].append(ra.user)
    for pool in chairs.values():
        pool.sort(key=lambda u: u.pk)
    # Each chair has a slight lean, so the patterns by chair show something to discuss.
    lean = {u.pk: rng.uniform(-0.06, 0.06) for pool in chairs.values() for u in pool}
    lean[demo_chair.pk] = 0.0
    teams = Team.objects.select_related("district", "manager", "service").in_bulk()
    cases = list(
        Case.objects.filter(case_type__in=[Case.Type.CP, Case.Type.CIC])
        .exclude(closed_on__lt=today - timedelta(days=365))
        .select_related("child", "allocated_worker")
        .order_by("pk")
    )
    demo_cases = list(
        Case.objects.filter(allocated_worker=demo_worker, closed_on__isnull=True).order_by("pk")
    )
    demo_case_ids = {c.pk for c in demo_cases}
    cases += [c for c in demo_cases if c.case_type not in (Case.Type.CP, Case.Type.CIC)]

    meetings = meetings_through_the_year(
        rng,
        today=today,
        cases=cases,
        demo_case_ids=demo_case_ids,
        chairs=chairs,
        demo_chair=demo_chair,
    )
    meetings += chairs_recent(today, cases, demo_cases, demo_chair)
    meetings = Meeting.objects.bulk_create(meetings, batch_size=2000)
    qas = meeting_qa(rng, today=today, meetings=meetings, demo_chair=demo_chair, lean=lean)

    # Alerts and appreciations from the QA.
    alerts = Alerts(rng, now, teams)
    by_meeting = {m.pk: m for m in meetings}
    made: list[AlertStory] = []
    appreciations: list[Appreciation] = []
    for qa in qas:
        m = by_meeting[qa.meeting_id]
        if qa.grade == "inadequate" or qa.urgent:
            reason = (
                PracticeAlert.Reason.INADEQUATE
                if qa.grade == "inadequate"
                else PracticeAlert.Reason.URGENT
            )
            made.append(alerts.history(m, qa, reason, qa.concern, qa.recorded_at))
        if qa.grade == "outstanding":
            appreciations.append(
                Appreciation(
                    qa=qa,
                    meeting=m,
                    team_id=m.team_id,
                    practitioner_id=m.practitioner_id,
                    text=qa.concern,
                    sent_by_id=m.chair_id,
                    created=qa.recorded_at,
                )
            )
    midways, midway_alerts = _midway_reviews(
        rng, today=today, qas=qas, by_meeting=by_meeting, alerts=alerts
    )
    made += [a for _, a in midway_alerts]
    made += _demo_people_alerts(
        rng,
        today=today,
        qas=qas,
        by_meeting=by_meeting,
        alerts=alerts,
        demo_chair=demo_chair,
        demo_worker=demo_worker,
    )
    saved = _save(made, midways, midway_alerts, appreciations, teams)
    trail.record(
        actor=None,
        action=AuditEvent.Action.IMPORT,
        username="demo-loader",
        summary=f"Loaded a year of chairs' QA: {len(meetings)} meetings, {len(qas)} QA, "
        f"{len(saved)} practice alerts",
    )
    return {
        "meetings": len(meetings),
        "qa": len(qas),
        "alerts": len(saved),
        "appreciations": len(appreciations),
        "midway_reviews": len(midways),
    }


def _save(
    made: list[AlertStory],
    midways: list[MidwayReview],
    midway_alerts: list[tuple[int, AlertStory]],
    appreciations: list[Appreciation],
    teams: dict[int, Team],
) -> list[PracticeAlert]:
    """The alerts with their events, the mid-way reviews, the appreciations; and what the
    demo people find waiting: notifications of their open alerts (the last two made)."""
    saved = PracticeAlert.objects.bulk_create([a.alert for a in made], batch_size=1000)
    events_out: list[AlertEvent] = []
    for a, alert in zip(made, saved, strict=True):
        for e in a.events:
            e.alert = alert
            events_out.append(e)
    AlertEvent.objects.bulk_create(events_out, batch_size=2000)
    for index, a in midway_alerts:
        midways[index].alert = a.alert
    with timestamps_as_given((MidwayReview, "recorded_at")):
        MidwayReview.objects.bulk_create(midways, batch_size=2000)
    Appreciation.objects.bulk_create(appreciations, batch_size=2000)
    notes = [
        Notification(
            user_id=a.alert.owner_id,
            kind="alert_raised" if a.alert.stage == 1 else "alert_escalated",
            text=f"A practice alert about {teams[a.alert.team_id]} needs your response by "
            f"{a.alert.due.astimezone(LONDON):%d %B %Y}",
            link=reverse("reviews:alert", args=[a.alert.pk]),
            object_type="practicealert",
            object_id=str(a.alert.pk),
        )
        for a in made[-2:]
        if a.alert.owner_id
    ]
    Notification.objects.bulk_create(notes)
    return saved
