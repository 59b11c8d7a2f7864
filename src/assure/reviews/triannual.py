"""The chairs' and reviewing officers' part of the triannual report: QA grades and practice alerts.

A meeting's QA belongs to the period it was recorded in; an alert to the
period it was raised in (and, for "resolved", the period it was resolved in).
Counts only: no child, meeting, chair or practitioner is named.
"""

from __future__ import annotations

from django.db.models import Count, Q

from assure.core.grades import GRADE_SHORT_LABELS, GRADES
from assure.reports.sections import Section, report_section
from assure.reports.triannual.compare import (
    Measure,
    TriannualContext,
    bounds,
    comparison_table,
    count_of,
    share_of,
)
from assure.reports.triannual.period import Period

from .models import Meeting, MeetingQA, PracticeAlert


def _qa(period: Period) -> dict[str, int]:
    start, end = bounds(period)
    rows = MeetingQA.objects.filter(recorded_at__gte=start, recorded_at__lt=end).aggregate(
        total=Count("id"),
        conferences=Count("id", filter=Q(meeting__kind=Meeting.Kind.CP_CONFERENCE)),
        reviews=Count("id", filter=Q(meeting__kind=Meeting.Kind.CIC_REVIEW)),
        urgent=Count("id", filter=Q(urgent=True)),
        chaired=Count("id", filter=Q(responses__child_chaired="yes")),
        **{g: Count("id", filter=Q(grade=g)) for g in GRADES},
    )
    return {k: int(v or 0) for k, v in rows.items()}


def _alerts(period: Period) -> dict[str, int]:
    start, end = bounds(period)
    raised = PracticeAlert.objects.filter(created__gte=start, created__lt=end).aggregate(
        raised=Count("id"),
        escalated=Count("id", filter=Q(stage__gt=1)),
    )
    resolved = PracticeAlert.objects.filter(resolved_at__gte=start, resolved_at__lt=end).count()
    return {**{k: int(v or 0) for k, v in raised.items()}, "resolved": resolved}


@report_section(
    report="triannual",
    key="chairs",
    title="Chairs' and reviewing officers' QA and practice alerts",
    order=30,
)
def chairs_section(context: TriannualContext) -> Section:
    qa = {p: _qa(p) for p in context.periods}
    alerts = {p: _alerts(p) for p in context.periods}

    def count(figures: dict[Period, dict[str, int]], key: str) -> Measure:
        return count_of(context, figures, key)

    measures: list[tuple[str, Measure]] = [
        ("Meetings quality assured", count(qa, "total")),
        ("of which child protection conferences", count(qa, "conferences")),
        ("of which child in care reviews", count(qa, "reviews")),
        *((f"Graded {GRADE_SHORT_LABELS[g].lower()} (%)", share_of(qa, g)) for g in GRADES),
        ("Urgent practice issues raised", count(qa, "urgent")),
        ("Reviews the child chaired", count(qa, "chaired")),
        ("Practice alerts raised", count(alerts, "raised")),
        ("Alerts raised that went beyond the team manager", count(alerts, "escalated")),
        ("Practice alerts resolved", count(alerts, "resolved")),
    ]
    return Section(
        intro=(
            f"The chairs' and reviewing officers' quality assurance recorded in "
            f"{context.period.label}, and the practice alerts it raised."
        ),
        tables=(comparison_table(context, "Chairs' QA and practice alerts", measures),),
    )
