"""The demo chairs' meetings and their QA: conferences and reviews through the
year, each quality-assured a few days after it was held."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from assure.instruments.registry import tool_current
from assure.org.models import Case, User
from assure.reviews.models import Meeting, MeetingQA

from ..bulk import timestamps_as_given
from .texts import APPRECIATIONS, CONCERNS, GRADE_WEIGHTS, YES_BY_GRADE

LONDON = ZoneInfo("Europe/London")


def quarter_hour_on(day: date, rng: random.Random, earliest: int = 9, latest: int = 16) -> datetime:
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


def meetings_through_the_year(
    rng: random.Random,
    *,
    today: date,
    cases: list[Case],
    demo_case_ids: set[int],
    chairs: dict[str, list[User]],
    demo_chair: User,
) -> list[Meeting]:
    """A CP plan is reviewed three months after the initial conference, then every six
    months; a child in care's reviews fall about every six months."""
    year_ago = today - timedelta(days=365)
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
    return meetings


def chairs_recent(
    today: date, cases: list[Case], demo_cases: list[Case], demo_chair: User
) -> list[Meeting]:
    """demo-chair's own recent meetings, some for demo-practitioner's cases."""
    demo_case_ids = {c.pk for c in demo_cases}
    recent = [today - timedelta(days=d) for d in (1, 2, 3, 6, 7, 8, 9)]
    recent = [d if d.weekday() < 5 else d - timedelta(days=d.weekday() - 4) for d in recent]
    extra_cases = demo_cases[:3] + [c for c in cases if c.pk not in demo_case_ids][:4]
    return [
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
        for day, case in zip(recent, extra_cases, strict=False)
    ]


def meeting_qa(
    rng: random.Random,
    *,
    today: date,
    meetings: list[Meeting],
    demo_chair: User,
    lean: dict[int, float],
) -> list[MeetingQA]:
    """QA of every meeting more than ten days old (demo-chair's last three weeks wait)."""
    tools: dict[str, Any] = {
        Meeting.Kind.CP_CONFERENCE.value: tool_current("cpc_qa"),
        Meeting.Kind.CIC_REVIEW.value: tool_current("iro_qa"),
    }
    parsed: dict[str, Any] = {k: t.parsed for k, t in tools.items()}
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
        qa.recorded_at = quarter_hour_on(m.date + timedelta(days=rng.randint(1, 5)), rng)
        qas.append(qa)
    with timestamps_as_given((MeetingQA, "recorded_at")):
        return MeetingQA.objects.bulk_create(qas, batch_size=2000)
