"""Chairs' QA, practice alerts, appreciations and mid-way reviews: every write here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from assure.core import clock, trail
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send
from assure.core.policy import has_perm, require_perm
from assure.core.roles import Perm
from assure.instruments.definitions import GRADE_LABELS, GRADES
from assure.instruments.engine import missing_required, validate
from assure.instruments.registry import tool_current
from assure.org.models import Case, User

from .models import (
    AlertEvent,
    Appreciation,
    ChairCheck,
    Meeting,
    MeetingQA,
    MidwayReview,
    PracticeAlert,
)
from .stages import TOP_STAGE, due_for, owner_at_or_above

MIDWAY_STATUSES = ("implemented", "in_progress", "not_started")


def _alert_link(alert: PracticeAlert) -> str:
    return reverse("reviews:alert", args=[alert.pk])


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    kind: str,
    date: date,
    case: Case,
    chair: User,
    stage: str = Meeting.Stage.REVIEW,
    source_ref: str = "",
) -> Meeting:
    if not (
        has_perm(actor, Perm.CHAIR_QA)
        or has_perm(actor, Perm.RUN_QA)
        or has_perm(actor, Perm.MANAGE_STRUCTURE)
    ):
        raise PermissionDenied("Only chairs, the QA unit or an administrator record meetings.")
    if kind not in Meeting.Kind.values:
        raise InvalidInput({"kind": "Use cp_conference or cic_review."})
    meeting = Meeting.objects.create(
        kind=kind,
        stage=stage,
        date=date,
        case=case,
        team_id=case.team_id,
        practitioner=case.allocated_worker,
        chair=chair,
        source_ref=source_ref,
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=meeting,
        child_ref=case.child.reference,
        summary=f"Recorded a {meeting}",
    )
    return meeting


def _raise_alert(
    *, actor: Any, meeting: Meeting, qa: MeetingQA | None, reason: str, concern: str, now: datetime
) -> PracticeAlert:
    stage, owner = owner_at_or_above(1, meeting.team)
    alert = PracticeAlert.objects.create(
        meeting=meeting,
        qa=qa,
        team=meeting.team,
        practitioner=meeting.practitioner,
        raised_by=actor,
        reason=reason,
        concern=concern,
        stage=stage,
        owner=owner,
        due=due_for(stage, now),
        created=now,
    )
    AlertEvent.objects.create(
        alert=alert, at=now, actor=actor, kind="raised", stage=stage, owner=owner, text=concern
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=alert,
        child_ref=meeting.case.child.reference,
        summary=f"Raised a practice alert at stage {stage}",
    )
    notification_send(
        recipients=[owner] if owner else [],
        kind="alert_raised",
        obj=alert,
        link=_alert_link(alert),
        text=f"A practice alert about {meeting.team} needs your response by "
        f"{timezone.localtime(alert.due):%d %B %Y}",
    )
    return alert


@transaction.atomic
def meeting_qa_record(
    *,
    actor: Any,
    meeting_id: int,
    responses: dict[str, Any],
    grade: str,
    urgent: bool = False,
    concern: str = "",
    now: datetime | None = None,
) -> MeetingQA:
    """The chair's QA of their meeting; inadequate or urgent raises an alert, outstanding
    sends an appreciation."""
    require_perm(actor, Perm.CHAIR_QA)
    now = now or clock.now()
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("case__child", "team__district", "practitioner__line_manager")
        .get(pk=meeting_id)
    )
    if meeting.chair_id != actor.pk:
        raise PermissionDenied("Only the chair of this meeting records its QA.")
    if MeetingQA.objects.filter(meeting=meeting).exists():
        raise InvalidInput({"meeting": "This meeting's QA is already recorded."})
    tool = tool_current(meeting.tool_key)
    cleaned, errors = validate(tool.parsed, responses)
    errors = {f"responses.{k}": v for k, v in errors.items()}
    missing = missing_required(tool.parsed, cleaned)
    if missing and not errors:
        errors["responses"] = {
            "missing": missing,
            "message": f"Answer every required question ({len(missing)} unanswered).",
        }  # type: ignore[assignment]
    if grade not in GRADES:
        errors["grade"] = f"Choose the grade: {', '.join(GRADES)}."
    if (urgent or grade == "inadequate") and not concern.strip():
        errors["concern"] = "Describe the concern: it is sent to the team manager."
    if errors:
        raise InvalidInput(errors)
    qa = MeetingQA.objects.create(
        meeting=meeting,
        tool=tool,
        responses=cleaned,
        grade=grade,
        urgent=urgent,
        concern=concern.strip(),
        recorded_by=actor,
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=qa,
        child_ref=meeting.case.child.reference,
        summary=f"Recorded the QA of a {meeting} ({GRADE_LABELS[grade].lower()})",
    )
    recipients = [meeting.practitioner, meeting.team.manager]
    notification_send(
        recipients=[r for r in recipients if r is not None],
        kind="meeting_qa",
        obj=qa,
        link=reverse("reviews:meeting", args=[meeting.pk]),
        text=f"The chair's QA of the {meeting} is recorded",
    )
    if grade == "inadequate" or urgent:
        reason = (
            PracticeAlert.Reason.INADEQUATE
            if grade == "inadequate"
            else PracticeAlert.Reason.URGENT
        )
        _raise_alert(
            actor=actor, meeting=meeting, qa=qa, reason=reason, concern=concern.strip(), now=now
        )
    if grade == "outstanding":
        appreciation_send(
            actor=actor,
            meeting=meeting,
            qa=qa,
            now=now,
            text=concern.strip()
            or f"Outstanding practice seen at the {meeting.get_kind_display().lower()}.",
        )
    return qa


def appreciation_send(
    *, actor: Any, meeting: Meeting, qa: MeetingQA | None, text: str, now: datetime | None = None
) -> Appreciation:
    require_perm(actor, Perm.CHAIR_QA)
    appreciation = Appreciation.objects.create(
        qa=qa,
        meeting=meeting,
        team=meeting.team,
        practitioner=meeting.practitioner,
        text=text,
        sent_by=actor,
        created=now or clock.now(),
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=appreciation,
        summary="Sent a practice appreciation",
    )
    practitioner = meeting.practitioner
    managers = [practitioner.line_manager] if practitioner and practitioner.line_manager else []
    notification_send(
        recipients=[*([practitioner] if practitioner else []), *managers, meeting.team.manager],
        kind="appreciation",
        obj=appreciation,
        link=reverse("reviews:appreciations"),
        text=f"A practice appreciation from {actor}: {text[:200]}",
    )
    return appreciation


def _may_respond(user: Any, alert: PracticeAlert) -> bool:
    return alert.owner_id == getattr(user, "pk", None) or has_perm(user, Perm.RUN_QA)


def _alert_step(
    *,
    actor: Any,
    alert: PracticeAlert,
    status: str,
    kind: str,
    text: str,
    now: datetime,
    summary: str,
    tell: list[Any],
    note_kind: str,
    note: str,
) -> PracticeAlert:
    """Move an alert to `status`, keeping the step in its history, the trail and a note."""
    alert.status = status
    fields = ["status", "version"]
    if status == PracticeAlert.Status.RESOLVED:
        alert.resolved_at = now
        fields.append("resolved_at")
    alert.version += 1
    alert.save(update_fields=fields)
    AlertEvent.objects.create(
        alert=alert,
        at=now,
        actor=actor,
        kind=kind,
        stage=alert.stage,
        owner=alert.owner,
        text=text,
    )
    trail.record(actor=actor, action=AuditEvent.Action.UPDATE, obj=alert, summary=summary)
    notification_send(
        recipients=tell, kind=note_kind, obj=alert, link=_alert_link(alert), text=note
    )
    return alert


def _open_alert(
    alert_id: int, text: str, missing_text: str, *, allowed: Any, refusal: str
) -> PracticeAlert:
    """Lock the alert; refuse first who may not act, then a resolved alert or no text."""
    alert = PracticeAlert.objects.select_for_update(of=("self",)).get(pk=alert_id)
    if not allowed(alert):
        raise PermissionDenied(refusal)
    if alert.status == PracticeAlert.Status.RESOLVED:
        raise InvalidInput({"status": "This alert is already resolved."})
    if not text.strip():
        raise InvalidInput({"text": missing_text})
    return alert


@transaction.atomic
def alert_respond(
    *, actor: Any, alert_id: int, text: str, now: datetime | None = None
) -> PracticeAlert:
    alert = _open_alert(
        alert_id,
        text,
        "Write your response.",
        allowed=lambda a: _may_respond(actor, a),
        refusal="Only the person who owns this stage of the alert responds.",
    )
    return _alert_step(
        actor=actor,
        alert=alert,
        status=PracticeAlert.Status.RESPONDED,
        kind="responded",
        text=text.strip(),
        now=now or clock.now(),
        summary=f"Responded to practice alert {alert.pk} at stage {alert.stage}",
        tell=[alert.raised_by],
        note_kind="alert_responded",
        note=f"{actor} responded to your practice alert about {alert.team}",
    )


@transaction.atomic
def alert_resolve(
    *, actor: Any, alert_id: int, text: str, now: datetime | None = None
) -> PracticeAlert:
    alert = _open_alert(
        alert_id,
        text,
        "Say how the concern was resolved.",
        allowed=lambda a: a.raised_by_id == getattr(actor, "pk", None),
        refusal="Only the chair who raised the alert resolves it.",
    )
    return _alert_step(
        actor=actor,
        alert=alert,
        status=PracticeAlert.Status.RESOLVED,
        kind="resolved",
        text=text.strip(),
        now=now or clock.now(),
        summary=f"Resolved practice alert {alert.pk}",
        tell=[alert.owner] if alert.owner else [],
        note_kind="alert_resolved",
        note=f"The practice alert about {alert.team} is resolved",
    )


ESCALATE_CHUNK = 500
WRITE_CHUNK = 10_000
_EVENT_COLUMNS = "alert_id, at, actor_id, kind, stage, owner_id, text"
_NOTE_COLUMNS = "user_id, kind, text, link, object_type, object_id, created"


def _write_escalations(events: list[tuple[Any, ...]], notes: list[tuple[Any, ...]]) -> None:
    """Insert many thousands of event and notification rows, past the ORM's per-object work.

    PostgreSQL takes each chunk as one INSERT ... SELECT over arrays (unnest); other
    databases take a plain executemany.
    """
    with connection.cursor() as cursor:
        for rows, table, columns, types in (
            (
                events,
                "reviews_alertevent",
                _EVENT_COLUMNS,
                "bigint[], timestamptz[], bigint[], text[], int[], bigint[], text[]",
            ),
            (
                notes,
                "core_notification",
                _NOTE_COLUMNS,
                "bigint[], text[], text[], text[], text[], text[], timestamptz[]",
            ),
        ):
            for start in range(0, len(rows), WRITE_CHUNK):
                chunk = rows[start : start + WRITE_CHUNK]
                if connection.vendor == "postgresql":
                    arrays = [list(column) for column in zip(*chunk, strict=True)]
                    casts = ", ".join(f"%s::{t}" for t in types.split(", "))
                    cursor.execute(
                        f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({casts})",  # noqa: S608
                        arrays,
                    )
                else:
                    marks = ", ".join(["%s"] * len(chunk[0]))
                    cursor.executemany(
                        f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                        chunk,
                    )


def alerts_escalate(*, now: datetime) -> int:
    """Move every open alert whose stage is overdue up one stage. Idempotent.

    Only `open` alerts escalate: once the stage's owner has responded, the
    alert waits for the chair. The new stage gets a fresh response time, so
    a second run at the same moment finds nothing overdue.

    Set-based: the overdue alerts are locked and read once, grouped by (team,
    next stage) so the owner is looked up once per group, moved with one
    UPDATE per group, and their events and notifications are written in bulk.
    The emails go to the background worker in batches once the run commits.
    """
    from functools import partial

    from assure.core.models import Notification
    from assure.org.models import Team

    from .tasks import email_notifications

    with transaction.atomic():
        overdue = list(
            PracticeAlert.objects.select_for_update(of=("self",))
            .filter(status=PracticeAlert.Status.OPEN, due__lt=now, stage__lt=TOP_STAGE)
            .order_by("pk")
            .values_list("pk", "team_id", "stage")
        )
        if not overdue:
            return 0
        groups: dict[tuple[int, int], list[int]] = {}
        for pk, team_id, stage in overdue:
            groups.setdefault((team_id, stage + 1), []).append(pk)
        teams = Team.objects.select_related("district").in_bulk({t for t, _ in groups})
        ops = connection.ops
        at = ops.adapt_datetimefield_value(now)
        stamp = clock.now()
        created = ops.adapt_datetimefield_value(stamp)
        link = reverse("reviews:alert", args=[0]).replace("/0/", "/{}/")
        events: list[tuple[Any, ...]] = []
        notifications: list[tuple[Any, ...]] = []
        dues: dict[int, datetime] = {}
        for (team_id, next_stage), ids in groups.items():
            team = teams[team_id]
            stage, owner = owner_at_or_above(next_stage, team)
            if stage not in dues:
                dues[stage] = due_for(stage, now)
            due = dues[stage]
            for start in range(0, len(ids), ESCALATE_CHUNK):
                PracticeAlert.objects.filter(pk__in=ids[start : start + ESCALATE_CHUNK]).update(
                    stage=stage, owner=owner, due=due, version=F("version") + 1
                )
            text = f"Not answered in time: escalated to stage {stage}"
            owner_id = owner.pk if owner is not None else None
            events += [(pk, at, None, "escalated", stage, owner_id, text) for pk in ids]
            if owner is not None and owner.is_active:
                message = (
                    f"A practice alert about {team} has escalated to you (stage {stage}):"
                    f" respond by {timezone.localtime(due):%d %B %Y}"
                )[:500]
                notifications += [
                    (
                        owner_id,
                        "alert_escalated",
                        message,
                        link.format(pk),
                        "practicealert",
                        str(pk),
                        created,
                    )
                    for pk in ids
                ]
        _write_escalations(events, notifications)
        ids_to_email = list(
            Notification.objects.filter(kind="alert_escalated", created=stamp)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids_to_email), ESCALATE_CHUNK):
            batch = ids_to_email[start : start + ESCALATE_CHUNK]
            transaction.on_commit(partial(email_notifications.enqueue, batch))
    return len(overdue)


@transaction.atomic
def midway_review_record(
    *,
    actor: Any,
    meeting_id: int,
    review_date: date,
    items: list[dict[str, str]],
    raise_alert: bool = False,
    concern: str = "",
    now: datetime | None = None,
) -> MidwayReview:
    require_perm(actor, Perm.CHAIR_QA)
    meeting = Meeting.objects.select_related("case__child", "team").get(pk=meeting_id)
    if meeting.chair_id != actor.pk:
        raise PermissionDenied("Only the chair of the meeting records its mid-way review.")
    errors: dict[str, str] = {}
    if not items:
        errors["items"] = "Check at least one decision or recommendation."
    for n, item in enumerate(items):
        if not str(item.get("decision", "")).strip():
            errors[f"items.{n}.decision"] = "Name the decision or recommendation."
        if item.get("status") not in MIDWAY_STATUSES:
            errors[f"items.{n}.status"] = "Choose implemented, in progress or not started."
    if raise_alert and not concern.strip():
        errors["concern"] = "Describe the concern the alert is about."
    if errors:
        raise InvalidInput(errors)
    review = MidwayReview.objects.create(
        meeting=meeting,
        chair=actor,
        date=review_date,
        items=[
            {
                "decision": i["decision"].strip(),
                "status": i["status"],
                "note": str(i.get("note", "")).strip(),
            }
            for i in items
        ],
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=review,
        child_ref=meeting.case.child.reference,
        summary=f"Recorded a mid-way review of the {meeting}",
    )
    if raise_alert:
        review.alert = _raise_alert(
            actor=actor,
            meeting=meeting,
            qa=None,
            reason=PracticeAlert.Reason.MIDWAY,
            concern=concern.strip(),
            now=now or clock.now(),
        )
        review.save(update_fields=["alert"])
    return review


# ------------------------------------------------- chairs' consistency audit


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
    import random

    require_perm(actor, Perm.RUN_QA)
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


@transaction.atomic
def chair_check_record(
    *,
    actor: Any,
    check_id: int,
    decision: str,
    grade: str = "",
    note: str = "",
    now: datetime | None = None,
) -> ChairCheck:
    """The QA unit's audit of a chair's QA: agree, or disagree with the grade they would give."""
    require_perm(actor, Perm.RUN_QA)
    check = (
        ChairCheck.objects.select_for_update(of=("self",))
        .select_related("qa__meeting")
        .get(pk=check_id)
    )
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
    if errors:
        raise InvalidInput(errors)
    check.checker = actor
    check.decision = decision
    check.checker_grade = grade if decision == ChairCheck.Decision.DISAGREE else check.qa.grade
    check.note = note.strip()
    check.checked_at = now or clock.now()
    check.save(update_fields=["checker", "decision", "checker_grade", "note", "checked_at"])
    trail.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=check,
        summary=f"Checked a chair's QA of a {check.qa.meeting}: {check.get_decision_display()}",
    )
    notification_send(
        recipients=[check.qa.recorded_by],
        kind="chair_check",
        obj=check,
        link=reverse("reviews:meeting", args=[check.qa.meeting_id]),
        text=f"The QA unit checked your QA of the {check.qa.meeting}: "
        f"{check.get_decision_display().lower()}",
    )
    return check
