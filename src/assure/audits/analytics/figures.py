"""Completion and grades: how far each audit has got, and how it was graded."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate

from ..models import Audit
from .tables import (
    GRADES_BEST_FIRST,
    GROUPS,
    LONDON,
    NO_CYCLE,
    SHORT_GRADE,
    Cell,
    Table,
    cycle_label,
    cycle_sort,
    fetch,
    group_label,
    pct,
)

# Completion -------------------------------------------------------------------


def completion(audits: QuerySet[Audit], *, group: str, today: date) -> Table:
    """Per cycle and group: how many audits stand at each step, and on time or overdue.

    On time: submitted on or before the due date (the London calendar day of
    submission). Late: submitted after it. Overdue: not yet submitted and the
    due date has passed (an audit due today is not overdue). Not yet due:
    not submitted, due today or later.
    """
    label, fields = GROUPS[group]
    status = Audit.Status
    rows = fetch(
        audits.annotate(submitted_on=TruncDate("submitted_at", tzinfo=LONDON))
        .values("cycle__year", "cycle__number", *fields)
        .annotate(
            total=Count("id"),
            not_started=Count("id", filter=Q(status=status.ALLOCATED)),
            in_progress=Count("id", filter=Q(status=status.IN_PROGRESS)),
            submitted=Count("id", filter=Q(status=status.SUBMITTED)),
            in_moderation=Count("id", filter=Q(status=status.IN_MODERATION)),
            finalised=Count("id", filter=Q(status=status.FINALISED)),
            on_time=Count("id", filter=Q(submitted_on__lte=F("due_date"))),
            late=Count("id", filter=Q(submitted_on__gt=F("due_date"))),
            overdue=Count("id", filter=Q(submitted_at__isnull=True, due_date__lt=today)),
            not_due=Count("id", filter=Q(submitted_at__isnull=True, due_date__gte=today)),
        )
        .order_by()
    )
    out: list[tuple[Cell, ...]] = []
    for row in rows:
        out.append(
            (
                cycle_label(row),
                group_label(group, row),
                row["total"],
                row["not_started"],
                row["in_progress"],
                row["submitted"],
                row["in_moderation"],
                row["finalised"],
                row["on_time"],
                row["late"],
                row["overdue"],
                row["not_due"],
                pct(row["on_time"], row["on_time"] + row["late"]),
            )
        )
    out.sort(key=lambda r: (cycle_sort(str(r[0])), str(r[1]).lower()))
    # Latest cycle first, groups alphabetically within it.
    cycles = sorted({str(r[0]) for r in out}, key=cycle_sort)
    order = {c: i for i, c in enumerate(reversed([c for c in cycles if c != NO_CYCLE]))}
    order[NO_CYCLE] = len(order)
    out.sort(key=lambda r: (order[str(r[0])], str(r[1]).lower()))
    total = sum(int(r[2] or 0) for r in out)
    overdue = sum(int(r[10] or 0) for r in out)
    return Table(
        key=f"completion-by-{group}",
        title=f"Audit completion by cycle and {label.lower()}",
        summary=(
            f"How far each of {total} allocated audit{'s' if total != 1 else ''} has got, "
            f"by cycle and {label.lower()}; {overdue} "
            f"{'is' if overdue == 1 else 'are'} overdue today. "
            "On time means submitted on or before the due date."
        ),
        headers=(
            "Cycle",
            label,
            "Allocated",
            "Not started",
            "In progress",
            "Submitted",
            "In moderation",
            "Finalised",
            "Submitted on time",
            "Submitted late",
            "Overdue",
            "Not yet due",
            "% submitted on time",
        ),
        rows=out,
    )


# Grades -----------------------------------------------------------------------


def grade_distribution(audits: QuerySet[Audit], *, field_name: str, by: str) -> Table:
    """How many audits had each grade, by service or team.

    `field_name` is `final_grade` (finalised audits) or `auditor_grade`
    (every submitted audit, before moderation).
    """
    label, fields = GROUPS[by]
    counts = {g: Count("id", filter=Q(**{field_name: g})) for g in GRADES_BEST_FIRST}
    rows = fetch(
        audits.exclude(**{field_name: ""})
        .values(*fields)
        .annotate(total=Count("id"), **counts)
        .order_by()
    )
    out = []
    for row in rows:
        good_or_better = row["outstanding"] + row["good"]
        out.append(
            (
                group_label(by, row),
                *(row[g] for g in GRADES_BEST_FIRST),
                row["total"],
                pct(good_or_better, row["total"]),
            )
        )
    out.sort(key=lambda r: str(r[0]).lower())
    which = "final" if field_name == "final_grade" else "auditors'"
    total = sum(int(r[5] or 0) for r in out)
    return Table(
        key=f"{'final' if field_name == 'final_grade' else 'auditor'}-grades-by-{by}",
        title=f"{which.capitalize()} grades by {label.lower()}",
        summary=(
            f"How many of {total} "
            + (
                "finalised audits had each final grade"
                if which == "final"
                else "submitted audits the auditor graded each way"
            )
            + f", by {label.lower()}, and the share graded good or outstanding."
        ),
        headers=(label, *(SHORT_GRADE[g] for g in GRADES_BEST_FIRST), "Total", "% good or better"),
        rows=out,
    )


def grade_pairs(audits: QuerySet[Audit]) -> dict[tuple[str, str], int]:
    """(auditor grade, moderated grade) -> audits, over every moderated audit."""
    rows = (
        audits.exclude(auditor_grade="")
        .exclude(moderated_grade="")
        .values("auditor_grade", "moderated_grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["auditor_grade"], r["moderated_grade"]): r["n"] for r in rows}


def grade_cross_table(audits: QuerySet[Audit]) -> Table:
    """The 4x4 table: auditor's grade in rows, moderated grade in columns, best first."""
    pairs = grade_pairs(audits)
    out: list[tuple[Cell, ...]] = []
    for given in GRADES_BEST_FIRST:
        counts = [pairs.get((given, moderated), 0) for moderated in GRADES_BEST_FIRST]
        out.append((SHORT_GRADE[given], *counts, sum(counts)))
    column_totals = [sum(int(r[i] or 0) for r in out) for i in range(1, 6)]
    out.append(("Total", *column_totals))
    n = column_totals[-1]
    agreed = sum(pairs.get((g, g), 0) for g in GRADES_BEST_FIRST)
    return Table(
        key="auditor-against-moderated",
        title="Auditor's grade against moderated grade",
        summary=(
            f"For {n} moderated audit{'s' if n != 1 else ''}, the auditor's grade (rows) against "
            f"the grade after moderation (columns); {agreed} sit on the diagonal, where "
            "moderation kept the auditor's grade."
        ),
        headers=(
            "Auditor's grade",
            *(f"Moderated: {SHORT_GRADE[g]}" for g in GRADES_BEST_FIRST),
            "Total",
        ),
        rows=out,
    )


def grade_trends(audits: QuerySet[Audit]) -> Table:
    """Per cycle: final grades, and the share good or better by auditor and after moderation."""
    counts = {g: Count("id", filter=Q(final_grade=g)) for g in GRADES_BEST_FIRST}
    rows = fetch(
        audits.exclude(auditor_grade="")
        .values("cycle__year", "cycle__number")
        .annotate(
            submitted=Count("id"),
            auditor_good=Count("id", filter=Q(auditor_grade__in=["good", "outstanding"])),
            finalised=Count("id", filter=~Q(final_grade="")),
            **counts,
        )
        .order_by("cycle__year", "cycle__number")
    )
    out = []
    for row in rows:
        final_good = row["outstanding"] + row["good"]
        out.append(
            (
                cycle_label(row),
                *(row[g] for g in GRADES_BEST_FIRST),
                row["finalised"],
                pct(final_good, row["finalised"]),
                row["submitted"],
                pct(row["auditor_good"], row["submitted"]),
            )
        )
    out.sort(key=lambda r: cycle_sort(str(r[0])))
    return Table(
        key="grade-trends",
        title="Grades across cycles",
        summary=(
            f"Final grades in each of {len(out)} cycle{'s' if len(out) != 1 else ''}, "
            "oldest first, "
            "with the share good or better after moderation beside the share the auditors gave."
        ),
        headers=(
            "Cycle",
            *(SHORT_GRADE[g] for g in GRADES_BEST_FIRST),
            "Finalised",
            "% good or better (final)",
            "Submitted",
            "% good or better (auditor)",
        ),
        rows=out,
    )
