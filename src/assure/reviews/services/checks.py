"""The QA unit's consistency audit of chairs' QA: a seeded monthly sample, each checked."""

from __future__ import annotations

import random
from datetime import date, datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from assure.core import clock, trail, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send
from assure.instruments.definitions import GRADES

from ..models import ChairCheck, MeetingQA
from ..policy import CHECKS


def _month_start(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def chair_checks_draw(
    *, actor: Any, month: date, per_chair: int = 2, seed: int = 1, now: datetime | None = None
) -> list[ChairCheck]:
    """Sample up to `per_chair` of each chair's quality-assured meetings held in `month`.

    The draw is seeded, so the same seed gives the same sample; meetings
    already drawn for that month are left out, so drawing again adds more.
    """
    if not CHECKS.may_draw(actor):
        raise PermissionDenied(CHECKS.refusal("draw"))
    if not 1 <= per_chair <= 20:
        raise InvalidInput({"per_chair": "Draw between 1 and 20 meetings per chair."})
    month = _month_start(month)
    nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    rows = list(
        MeetingQA.objects.filter(meeting__date__gte=month, meeting__date__lt=nxt)
        .exclude(checks__month=month)
        .order_by("meeting__chair_id", "pk")
        .values_list("pk", "meeting__chair_id")
    )
    by_chair: dict[int, list[int]] = {}
    for qa_id, chair_id in rows:
        by_chair.setdefault(chair_id, []).append(qa_id)
    rng = random.Random(f"{seed}:{month.isoformat()}")
    now = now or clock.now()
    drawn = [
        ChairCheck(qa_id=qa_id, month=month, seed=seed, drawn_by=actor, drawn_at=now)
        for chair_id in sorted(by_chair)
        for qa_id in sorted(rng.sample(by_chair[chair_id], min(per_chair, len(by_chair[chair_id]))))
    ]
    ChairCheck.objects.bulk_create(drawn)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        object_type="reviews.chaircheck",
        summary=f"Drew {len(drawn)} chairs' meetings for the consistency audit of "
        f"{month:%B %Y} ({per_chair} per chair, seed {seed})",
    )
    return drawn


def _check_errors(check: ChairCheck, decision: str, grade: str, note: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if check.checked_at is not None:
        errors["decision"] = "This meeting's QA is already checked."
    if decision not in ChairCheck.Decision.values:
        errors["decision"] = "Say whether you agree with the chair's grade."
    if decision == ChairCheck.Decision.DISAGREE:
        if grade not in GRADES:
            errors["grade"] = "Choose the grade you would give."
        elif grade == check.qa.grade:
            errors["grade"] = "Choose a grade other than the chair's, or agree."
        if not note.strip():
            errors["note"] = "Say why you disagree."
    return errors


def chair_check_record(
    *,
    actor: Any,
    check_id: int,
    decision: str,
    grade: str = "",
    note: str = "",
    now: datetime | None = None,
) -> ChairCheck:
    """The QA unit's audit of a chair's QA: agree, or disagree with the grade they would give.

    The chair is told whether the QA unit agreed, never the grades themselves
    (the text goes out by email).
    """
    with writes.change(
        CHECKS.base_queryset(), check_id, actor=actor, policy=CHECKS, action="record"
    ) as c:
        check = c.obj
        errors = _check_errors(check, decision, grade, note)
        if errors:
            raise InvalidInput(errors)
        c.set(
            checker=actor,
            decision=decision,
            checker_grade=grade if decision == ChairCheck.Decision.DISAGREE else check.qa.grade,
            note=note.strip(),
            checked_at=now or clock.now(),
        )
        c.commit(
            summary=f"Checked a chair's QA of a {check.qa.meeting}: {check.get_decision_display()}",
            child_ref=CHECKS.child_ref(check),
        )
        c.after_commit(
            partial(
                notification_send,
                recipients=[check.qa.recorded_by],
                kind="chair_check",
                obj=check,
                link=reverse("reviews:meeting", args=[check.qa.meeting_id]),
                text=f"The QA unit checked your QA of the {check.qa.meeting}: "
                f"{check.get_decision_display().lower()}",
            )
        )
    return check
