"""Actions and their impact, for the triannual report: raised, completed, late, still open.

"Completed late" is an action finished after its due date; "open and overdue
at the end" counts the actions still outstanding on the period's last day
that were due by then, as things stood then (an action completed after the
period counts as open at its end).
"""

from __future__ import annotations

from django.db.models import Count, F, Q

from assure.reports.sections import Section, report_section
from assure.reports.triannual.compare import (
    Measure,
    TriannualContext,
    bounds,
    comparison_table,
    count_of,
    percent,
)
from assure.reports.triannual.period import Period

from .models import Action


def _figures(period: Period) -> dict[str, int]:
    start, end = bounds(period)
    raised = Action.objects.filter(created__gte=start, created__lt=end).count()
    done = Action.objects.filter(
        status=Action.Status.DONE, completed_at__gte=start, completed_at__lt=end
    ).aggregate(
        completed=Count("id"),
        late=Count("id", filter=Q(completed_at__date__gt=F("due_date"))),
    )
    overdue = (
        Action.objects.filter(created__lt=end, due_date__lt=period.ends_before)
        .exclude(status=Action.Status.CANCELLED)
        .filter(Q(completed_at__isnull=True) | Q(completed_at__gte=end))
        .count()
    )
    return {
        "raised": raised,
        "completed": int(done["completed"] or 0),
        "late": int(done["late"] or 0),
        "overdue": overdue,
    }


@report_section(report="triannual", key="actions", title="Actions and their impact", order=150)
def actions_section(context: TriannualContext) -> Section:
    figures = {p: _figures(p) for p in context.periods}

    def count(key: str) -> Measure:
        return count_of(context, figures, key)

    measures: list[tuple[str, Measure]] = [
        ("Actions raised", count("raised")),
        ("Actions completed", count("completed")),
        ("of which completed after their due date", count("late")),
        (
            "Completed on time (%)",
            lambda p: percent(
                figures[p]["completed"] - figures[p]["late"], figures[p]["completed"]
            ),
        ),
        ("Open and overdue at the end of the period", count("overdue")),
    ]
    return Section(
        intro=(
            f"Actions raised by every QA activity (audits, moderation, chairs' QA, alerts) "
            f"in {context.period.label}, and how many were completed, and on time."
        ),
        tables=(comparison_table(context, "Actions", measures),),
    )
