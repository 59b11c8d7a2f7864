"""Counting the dashboard's figures in the database: nine queries at most, whatever the
number of meetings."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import CharField, Count, Exists, F, Func, OuterRef, Q, Value
from django.db.models.fields.json import KT
from django.utils import timezone

from assure.core import clock

from ..models import Appreciation, Meeting, MeetingQA, MidwayReview, PracticeAlert
from ..selectors import alerts_by_stage
from .periods import Quarter
from .rows import MIDWAY_AFTER, QUESTIONS, ChairRow, Figures, QuarterRow
from .units import Unit


def _answer(key: str) -> Any:
    """A yes/no answer inside `responses`, as text.

    On SQLite, Django's key transform wraps each lookup in a CASE over JSON_TYPE (to
    tell JSON true from the string "true"); the answers here are always strings, and
    plain JSON_EXTRACT makes the dashboard's costliest query several times faster.
    PostgreSQL's `->>` is already the plain form.
    """
    if connection.vendor == "sqlite":
        return Func(
            F("responses"), Value(f"$.{key}"), function="JSON_EXTRACT", output_field=CharField()
        )
    return KT(f"responses__{key}")


def figures(
    unit: Unit,
    last: Quarter,
    *,
    span: int = 4,
    headline_span: int = 4,
    chairs: bool = False,
    now: datetime | None = None,
) -> Figures:
    """Every figure of the dashboard for `unit`: trends over `span` quarters to `last`,
    headline figures over the last `headline_span` of them. Nine queries at most."""
    now = now or clock.now()
    quarters = last.back(span)
    headline = quarters[-headline_span:]
    start, end = quarters[0].start, last.end
    h_start = headline[0].start
    tz = timezone.get_current_timezone()
    start_at = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    end_at = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    by_quarter = {q: QuarterRow(q) for q in quarters}
    midway_cutoff = timezone.localdate(now) - MIDWAY_AFTER

    # Quarters are counted with one conditional aggregate each (date ranges, no per-row
    # date functions), so each query reads the rows once and returns one row.
    def day_in(q: Quarter, path: str = "date") -> Q:
        return Q(**{f"{path}__gte": q.start, f"{path}__lte": q.end})

    # 1. Meetings, their QA and mid-way reviews, by quarter of the meeting.
    has_midway = Exists(MidwayReview.objects.filter(meeting_id=OuterRef("pk")))
    counted: dict[str, Any] = {}
    for i, q in enumerate(quarters):
        done_qa = day_in(q) & Q(qa__isnull=False)
        due = done_qa & Q(date__lte=midway_cutoff)
        counted[f"n{i}"] = Count("pk", filter=day_in(q))
        counted[f"qa{i}"] = Count("pk", filter=done_qa)
        counted[f"due{i}"] = Count("pk", filter=due)
        counted[f"done{i}"] = Count("pk", filter=due & Q(has_midway=True))
    row = (
        Meeting.objects.filter(unit.scope(), date__gte=start, date__lte=end)
        .annotate(has_midway=has_midway)
        .aggregate(**counted)
    )
    for i, q in enumerate(quarters):
        r = by_quarter[q]
        r.meetings, r.qa_done = row[f"n{i}"] or 0, row[f"qa{i}"] or 0
        r.midway_due, r.midway_done = row[f"due{i}"] or 0, row[f"done{i}"] or 0

    # 2. Grades by quarter.
    grades = (
        MeetingQA.objects.filter(
            unit.scope("meeting__"), meeting__date__gte=start, meeting__date__lte=end
        )
        .values("grade")
        .annotate(
            **{
                f"n{i}": Count("pk", filter=day_in(q, "meeting__date"))
                for i, q in enumerate(quarters)
            }
        )
        .order_by()
    )
    for graded in grades:
        for i, q in enumerate(quarters):
            by_quarter[q].grades[graded["grade"]] = graded[f"n{i}"]  # type: ignore[literal-required]

    # 3. The yes/no judgements over the headline period.
    aggregates: dict[str, Any] = {}
    for key, _ in QUESTIONS:
        aggregates[f"{key}__yes"] = Count("pk", filter=Q(**{f"j_{key}": "yes"}))
        aggregates[f"{key}__no"] = Count("pk", filter=Q(**{f"j_{key}": "no"}))
    judged = (
        MeetingQA.objects.filter(
            unit.scope("meeting__"), meeting__date__gte=h_start, meeting__date__lte=end
        )
        .annotate(**{f"j_{key}": _answer(key) for key, _ in QUESTIONS})
        .aggregate(**aggregates)
    )
    questions = [
        (
            key,
            label,
            judged[f"{key}__yes"] or 0,
            (judged[f"{key}__yes"] or 0) + (judged[f"{key}__no"] or 0),
        )
        for key, label in QUESTIONS
        if judged[f"{key}__yes"] or judged[f"{key}__no"]
    ]

    # 4. Alerts raised and resolved, by quarter.
    def moment_in(q: Quarter, path: str) -> Q:
        begins = datetime.combine(q.start, datetime.min.time(), tzinfo=tz)
        ends = datetime.combine(q.end + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        return Q(**{f"{path}__gte": begins, f"{path}__lt": ends})

    alerts = PracticeAlert.objects.filter(unit.scope())
    counted = {}
    for i, q in enumerate(quarters):
        counted[f"raised{i}"] = Count("pk", filter=moment_in(q, "created"))
        counted[f"resolved{i}"] = Count("pk", filter=moment_in(q, "resolved_at"))
    row = alerts.filter(
        Q(created__gte=start_at, created__lt=end_at)
        | Q(resolved_at__gte=start_at, resolved_at__lt=end_at)
    ).aggregate(**counted)
    for i, q in enumerate(quarters):
        by_quarter[q].alerts_raised = row[f"raised{i}"] or 0
        by_quarter[q].alerts_resolved = row[f"resolved{i}"] or 0
    # 5. The times to resolve over the headline period, for the median.
    h_start_at = datetime.combine(h_start, datetime.min.time(), tzinfo=tz)
    durations = [
        (resolved_at - created).total_seconds() / 86400  # type: ignore[operator]
        for created, resolved_at in alerts.filter(
            resolved_at__gte=h_start_at, resolved_at__lt=end_at
        ).values_list("created", "resolved_at")
    ]
    # 6. Open now, by stage and whether overdue (the count the home pages read too).
    by_stage = alerts_by_stage(alerts, now=now)
    open_by_stage = {r["stage"]: r["waiting"] for r in by_stage}
    responded_by_stage = {r["stage"]: r["responded"] for r in by_stage}
    overdue = sum(r["overdue"] for r in by_stage)

    # 7. Appreciations by quarter.
    row = Appreciation.objects.filter(
        unit.scope(), created__gte=start_at, created__lt=end_at
    ).aggregate(
        **{f"n{i}": Count("pk", filter=moment_in(q, "created")) for i, q in enumerate(quarters)}
    )
    for i, q in enumerate(quarters):
        by_quarter[q].appreciations = row[f"n{i}"] or 0

    # 8 and 9. Patterns by chair over the headline period.
    chair_rows: list[ChairRow] | None = None
    if chairs:
        found: dict[int, ChairRow] = {}
        for chair_row in (
            MeetingQA.objects.filter(
                unit.scope("meeting__"), meeting__date__gte=h_start, meeting__date__lte=end
            )
            .values(
                "meeting__chair_id",
                "meeting__chair__first_name",
                "meeting__chair__last_name",
                "meeting__chair__username",
                "grade",
            )
            .annotate(n=Count("pk"))
            .order_by()
        ):
            chair_id = chair_row["meeting__chair_id"]
            first_name, last_name = (
                chair_row["meeting__chair__first_name"],
                chair_row["meeting__chair__last_name"],
            )
            name = f"{first_name} {last_name}".strip() or chair_row["meeting__chair__username"]
            found.setdefault(chair_id, ChairRow(chair_id, name)).grades[chair_row["grade"]] = (
                chair_row["n"]
            )
        for raised_row in (
            alerts.filter(
                qa__isnull=False,
                qa__meeting__date__gte=h_start,
                qa__meeting__date__lte=end,
            )
            .values("raised_by_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            if raised_row["raised_by_id"] in found:
                found[raised_row["raised_by_id"]].alerts = raised_row["n"]
        chair_rows = sorted(found.values(), key=lambda c: c.name)

    return Figures(
        unit=unit,
        quarters=quarters,
        headline=headline,
        by_quarter=by_quarter,
        questions=questions,
        open_by_stage=open_by_stage,
        responded_by_stage=responded_by_stage,
        overdue=overdue,
        median_days_to_resolve=round(statistics.median(durations), 1) if durations else None,
        chairs=chair_rows,
        now=now,
    )
