"""A year of chairs' QA for the demo county: conferences and reviews, their QA,
practice alerts at every stage (some overdue, most resolved), appreciations
and mid-way reviews. Seeded, written in bulk, histories consistent: each
alert's events walk the stages it reached, in order.

`demo-chair` ends with meetings awaiting QA, some for cases of
`demo-practitioner`; `demo-auditor` has an open alert to answer and
`demo-moderator` one that escalated to them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from assure.core import trail
from assure.core.models import AuditEvent, Notification
from assure.instruments.registry import tool_current
from assure.org.models import Case, RoleAssignment, Team, User

from .models import AlertEvent, Appreciation, Meeting, MeetingQA, MidwayReview, PracticeAlert
from .stages import TOP_STAGE, due_for, owner_at_or_above

LONDON = ZoneInfo("Europe/London")
GRADE_WEIGHTS = {"outstanding": 8, "good": 52, "requires_improvement": 33, "inadequate": 7}
# How likely each yes/no judgement is "yes", by grade.
YES_BY_GRADE = {"outstanding": 0.98, "good": 0.9, "requires_improvement": 0.6, "inadequate": 0.25}
CONCERNS = [
    "The plan does not address the risk from the adult's drinking; no contingency plan.",
    "Visits have not happened at the frequency the plan sets; the child was not seen alone.",
    "The core group has not met since the last conference and actions have drifted.",
    "The care plan does not address the child's education; no school place for six weeks.",
    "Domestic abuse disclosed at the conference has not been shared with the police.",
    "Contact arrangements are unsafe and were not reviewed after the last incident.",
]
APPRECIATIONS = [
    "Direct work with the child was creative and the child's voice shaped the whole plan.",
    "The practitioner brought the family and partners together so the plan is owned by all.",
    "An outstanding chronology and analysis: the risks were clear to everyone.",
    "The child chaired their own review with confidence, thanks to careful preparation.",
    "Life story work was thoughtful and sensitive; the carers spoke highly of it.",
    "A clear, SMART plan written with the family in plain language.",
]
DECISIONS = [
    "Core group to meet within ten working days",
    "Referral to the domestic abuse service",
    "Health assessment to be completed",
    "Child to be seen alone at every visit",
    "School to share attendance weekly",
    "Parenting assessment to start",
    "Contact plan to be reviewed",
    "Life story work to begin",
]
RESPONSES = [
    "Discussed in supervision; the plan is being updated this week.",
    "Visits are now booked and the child has been seen alone.",
    "The core group has been reconvened and actions reassigned.",
]


@dataclass
class _Alert:
    alert: PracticeAlert
    events: list[AlertEvent]


def _at(day: date, rng: random.Random, earliest: int = 9, latest: int = 16) -> datetime:
    return datetime.combine(
        day, time(rng.randint(earliest, latest), rng.choice((0, 15, 30, 45))), tzinfo=LONDON
    )


def _responses(tool: Any, grade: str, rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section in tool.sections:
        for q in section.questions:
            if q.type == "yes_no":
                if getattr(q, "allow_na", False) and rng.random() < 0.3:
                    out[q.key] = "n/a"
                else:
                    out[q.key] = "yes" if rng.random() < YES_BY_GRADE[grade] else "no"
            elif q.type == "scale":
                centre = {"outstanding": 9, "good": 7, "requires_improvement": 5, "inadequate": 3}
                out[q.key] = max(q.min, min(q.max, centre[grade] + rng.randint(-1, 1)))
            elif q.type == "choice":
                out[q.key] = rng.choice([o.value for o in q.options])
    return out


def reviews_demo_load(*, today: date, seed: int = 4) -> dict[str, int]:
    """Write a year of meetings and everything after them. Called once, by the demo loader."""
    rng = random.Random(seed)
    now = datetime.combine(today, time(9, 0), tzinfo=LONDON)
    year_ago = today - timedelta(days=365)
    tools: dict[str, Any] = {
        Meeting.Kind.CP_CONFERENCE.value: tool_current("cpc_qa"),
        Meeting.Kind.CIC_REVIEW.value: tool_current("iro_qa"),
    }
    parsed: dict[str, Any] = {k: t.parsed for k, t in tools.items()}
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
        .exclude(closed_on__lt=year_ago)
        .select_related("child", "allocated_worker")
        .order_by("pk")
    )
    demo_cases = list(
        Case.objects.filter(allocated_worker=demo_worker, closed_on__isnull=True).order_by("pk")
    )
    demo_case_ids = {c.pk for c in demo_cases}
    cases += [c for c in demo_cases if c.case_type not in (Case.Type.CP, Case.Type.CIC)]

    # 1. Meetings: a CP plan is reviewed three months after the initial conference, then
    # every six months; a child in care's reviews fall about every six months.
    meetings: list[Meeting] = []
    for case in cases:
        cp = case.case_type != Case.Type.CIC
        kind = Meeting.Kind.CP_CONFERENCE if cp else Meeting.Kind.CIC_REVIEW
        pool = chairs["cp_chair" if cp else "iro"]
        chair = (
            demo_chair
            if case.pk in demo_case_ids or rng.random() < 0.06 or not pool
            else rng.choice(pool)
        )
        end = min(today, case.closed_on or today)
        if cp and case.opened_on >= year_ago:
            day, stage = case.opened_on + timedelta(days=rng.randint(8, 20)), "initial"
        else:
            day, stage = year_ago + timedelta(days=rng.randint(0, 180)), "review"
        gap = 91
        while day <= end:
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
                continue
            meetings.append(
                Meeting(
                    kind=kind,
                    stage=stage,
                    date=day,
                    case=case,
                    team_id=case.team_id,
                    practitioner=case.allocated_worker,
                    chair=chair,
                    source_ref=f"DEMO-{case.pk}-{day:%Y%m%d}",
                )
            )
            stage = "review"
            day += timedelta(days=gap + rng.randint(-7, 7))
            gap = 182 if cp else rng.choice((91, 182))
    # demo-chair's own recent meetings, some for demo-practitioner's cases.
    recent = [today - timedelta(days=d) for d in (1, 2, 3, 6, 7, 8, 9)]
    recent = [d if d.weekday() < 5 else d - timedelta(days=d.weekday() - 4) for d in recent]
    extra_cases = demo_cases[:3] + [c for c in cases if c.pk not in demo_case_ids][:4]
    for day, case in zip(recent, extra_cases, strict=False):
        meetings.append(
            Meeting(
                kind=Meeting.Kind.CIC_REVIEW
                if case.case_type == Case.Type.CIC
                else Meeting.Kind.CP_CONFERENCE,
                stage="review",
                date=day,
                case=case,
                team_id=case.team_id,
                practitioner=case.allocated_worker,
                chair=demo_chair,
                source_ref=f"DEMO-{case.pk}-{day:%Y%m%d}-chair",
            )
        )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=2000)

    # 2. QA: every meeting more than ten days old (demo-chair's last three weeks wait).
    qas: list[MeetingQA] = []
    for m in meetings:
        age = (today - m.date).days
        if (m.chair_id == demo_chair.pk and age <= 21) or age <= 10 or rng.random() < 0.02:
            continue
        weights = dict(GRADE_WEIGHTS)
        shift = lean.get(m.chair_id, 0.0)
        weights["good"] += int(100 * shift)
        weights["requires_improvement"] -= int(100 * shift)
        grade = rng.choices(list(weights), list(weights.values()))[0]
        urgent = grade != "inadequate" and rng.random() < 0.01
        concern = rng.choice(CONCERNS) if grade == "inadequate" or urgent else ""
        if grade == "outstanding":
            concern = rng.choice(APPRECIATIONS)
        qa = MeetingQA(
            meeting=m,
            tool=tools[m.kind],
            responses=_responses(parsed[m.kind], grade, rng),
            grade=grade,
            urgent=urgent,
            concern=concern,
            recorded_by_id=m.chair_id,
        )
        qa.recorded_at = _at(m.date + timedelta(days=rng.randint(1, 5)), rng)
        qas.append(qa)
    stamps = {id(q): q.recorded_at for q in qas}
    qas = MeetingQA.objects.bulk_create(qas, batch_size=2000)
    for q in qas:  # auto_now_add stamped the loading time: put the real moment back
        q.recorded_at = stamps[id(q)]
    MeetingQA.objects.bulk_update(qas, ["recorded_at"], batch_size=1000)

    owners: dict[tuple[int, int], tuple[int, User | None]] = {}

    def owner(team_id: int, stage: int) -> tuple[int, User | None]:
        if (team_id, stage) not in owners:
            owners[(team_id, stage)] = owner_at_or_above(stage, teams[team_id])
        return owners[(team_id, stage)]

    def alert_history(
        m: Meeting, qa: MeetingQA | None, reason: str, concern: str, raised: datetime
    ) -> _Alert:
        stage, who = owner(m.team_id, 1)
        alert = PracticeAlert(
            meeting=m,
            qa=qa,
            team_id=m.team_id,
            practitioner_id=m.practitioner_id,
            raised_by_id=m.chair_id,
            reason=reason,
            concern=concern,
            stage=stage,
            owner=who,
            due=due_for(stage, raised),
            created=raised,
            status=PracticeAlert.Status.OPEN,
        )
        events = [
            AlertEvent(
                at=raised, actor_id=m.chair_id, kind="raised", stage=stage, owner=who, text=concern
            )
        ]
        t = raised
        while True:
            answered_in_time = rng.random() < 0.72
            if answered_in_time:
                at = t + (alert.due - t) * rng.uniform(0.2, 0.9)
                if at >= now:
                    break  # still waiting for a response, in time
                alert.status = PracticeAlert.Status.RESPONDED
                alert.version += 1
                events.append(
                    AlertEvent(
                        at=at,
                        actor=alert.owner,
                        kind="responded",
                        stage=alert.stage,
                        owner=alert.owner,
                        text=rng.choice(RESPONSES),
                    )
                )
                done = at + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 6))
                if done < now and rng.random() < 0.9:
                    alert.status = PracticeAlert.Status.RESOLVED
                    alert.resolved_at = done
                    alert.version += 1
                    events.append(
                        AlertEvent(
                            at=done,
                            actor_id=m.chair_id,
                            kind="resolved",
                            stage=alert.stage,
                            owner=alert.owner,
                            text="The response addresses the concern; resolved.",
                        )
                    )
                break
            # Not answered in time: the scheduled job escalates it a little after the due
            # time (alerts that fell due in the last two days are left overdue, waiting).
            escalate_at = alert.due + timedelta(minutes=rng.choice((5, 10, 15)))
            if alert.stage >= TOP_STAGE or escalate_at >= now - timedelta(days=2):
                break
            stage, who = owner(m.team_id, alert.stage + 1)
            if stage <= alert.stage:
                break
            alert.stage, alert.owner = stage, who
            alert.due = due_for(stage, escalate_at)
            alert.version += 1
            events.append(
                AlertEvent(
                    at=escalate_at,
                    actor=None,
                    kind="escalated",
                    stage=stage,
                    owner=who,
                    text=f"Not answered in time: escalated to stage {stage}",
                )
            )
            t = escalate_at
        return _Alert(alert, events)

    # 3. Alerts and appreciations from the QA.
    by_meeting = {m.pk: m for m in meetings}
    made: list[_Alert] = []
    appreciations: list[Appreciation] = []
    for qa in qas:
        m = by_meeting[qa.meeting_id]
        if qa.grade == "inadequate" or qa.urgent:
            reason = (
                PracticeAlert.Reason.INADEQUATE
                if qa.grade == "inadequate"
                else PracticeAlert.Reason.URGENT
            )
            made.append(alert_history(m, qa, reason, qa.concern, qa.recorded_at))
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

    # 4. Mid-way reviews: most quality-assured meetings of six weeks ago or more have one.
    midways: list[MidwayReview] = []
    midway_alerts: list[tuple[int, _Alert]] = []
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
        midways.append(MidwayReview(meeting=m, chair_id=m.chair_id, date=review_day, items=items))
        stalled = sum(i["status"] == "not_started" for i in items)
        if stalled >= 2 and rng.random() < 0.5:
            concern = "Decisions of the last meeting have not started: " + "; ".join(
                i["decision"].lower() for i in items if i["status"] == "not_started"
            )
            midway_alerts.append(
                (
                    len(midways) - 1,
                    alert_history(
                        m, None, PracticeAlert.Reason.MIDWAY, concern, _at(review_day, rng)
                    ),
                )
            )
    made += [a for _, a in midway_alerts]

    # 5. The demo people's own alerts: one for demo-auditor to answer, one escalated to
    # demo-moderator, both raised by demo-chair about demo-practitioner's practice.
    demo_qas = [q for q in qas if by_meeting[q.meeting_id].practitioner_id == demo_worker.pk]
    for qa, target_stage, days_ago in zip(demo_qas[:2], (1, 2), (1, 9), strict=False):
        m = by_meeting[qa.meeting_id]
        raised = _at(today - timedelta(days=days_ago), rng, 9, 11)
        if raised >= now:
            raised = now - timedelta(hours=2)
        first_stage, first_owner = owner(m.team_id, 1)
        alert = PracticeAlert(
            meeting=m,
            qa=qa,
            team_id=m.team_id,
            practitioner_id=m.practitioner_id,
            raised_by=demo_chair,
            reason=PracticeAlert.Reason.URGENT,
            concern=CONCERNS[1],
            stage=first_stage,
            owner=first_owner,
            due=due_for(first_stage, raised),
            created=raised,
        )
        events = [
            AlertEvent(
                at=raised,
                actor=demo_chair,
                kind="raised",
                stage=first_stage,
                owner=first_owner,
                text=CONCERNS[1],
            )
        ]
        if target_stage == 2:
            at = alert.due + timedelta(minutes=15)
            second_stage, second_owner = owner(m.team_id, 2)
            alert.stage, alert.owner = second_stage, second_owner
            alert.due = due_for(second_stage, at)
            alert.version += 1
            events.append(
                AlertEvent(
                    at=at,
                    actor=None,
                    kind="escalated",
                    stage=second_stage,
                    owner=second_owner,
                    text=f"Not answered in time: escalated to stage {second_stage}",
                )
            )
        made.append(_Alert(alert, events))

    saved = PracticeAlert.objects.bulk_create([a.alert for a in made], batch_size=1000)
    events_out: list[AlertEvent] = []
    for a, alert in zip(made, saved, strict=True):
        for e in a.events:
            e.alert = alert
            events_out.append(e)
    AlertEvent.objects.bulk_create(events_out, batch_size=2000)
    for index, a in midway_alerts:
        midways[index].alert = a.alert
    midways = MidwayReview.objects.bulk_create(midways, batch_size=2000)
    for r in midways:
        r.recorded_at = datetime.combine(r.date, time(17, 0), tzinfo=LONDON)
    MidwayReview.objects.bulk_update(midways, ["recorded_at"], batch_size=1000)
    Appreciation.objects.bulk_create(appreciations, batch_size=2000)

    # 6. What the demo people find waiting: notifications of their open alerts.
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
