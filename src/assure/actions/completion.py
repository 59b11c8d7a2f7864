"""How far actions get: by the team whose case they concern, and by where they came from.

Counted by the database in one grouped query per table (`values()` then
`annotate()`), over the actions the reader may see, so the page costs the
same whether there are thirty actions or thirty thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate

from .models import Action
from .sources import source_label

LONDON = ZoneInfo("Europe/London")
NO_TEAM = "No team (not about a child's case)"
HEADERS = (
    "Raised",
    "Done",
    "Done by the due date",
    "Cancelled",
    "Still to do",
    "Overdue",
    "% done",
)


@dataclass(frozen=True)
class CompletionTable:
    key: str
    title: str
    summary: str
    headers: tuple[str, ...]
    rows: list[tuple[str | int | float | None, ...]]


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def completion(actions: QuerySet[Action], *, by: str, today: date) -> CompletionTable:
    """Per team (`by="team"`) or per source (`by="source"`): raised, done, late, overdue.

    Done by the due date: completed on or before it (the London calendar day).
    Overdue: not started or in progress, and the due date has passed. The
    share done leaves cancelled actions out of the count.
    """
    field = "team__name" if by == "team" else "source_type"
    status = Action.Status
    counted = (
        actions.annotate(done_on=TruncDate("completed_at", tzinfo=LONDON))
        .values(field)
        .annotate(
            raised=Count("id"),
            done=Count("id", filter=Q(status=status.DONE)),
            on_time=Count("id", filter=Q(status=status.DONE, done_on__lte=F("due_date"))),
            cancelled=Count("id", filter=Q(status=status.CANCELLED)),
            outstanding=Count("id", filter=Q(status__in=Action.OUTSTANDING)),
            overdue=Count("id", filter=Q(status__in=Action.OUTSTANDING, due_date__lt=today)),
        )
        .order_by()
    )
    rows: list[tuple[str | int | float | None, ...]] = []
    for row in counted:
        value = row[field]
        label = (value or NO_TEAM) if by == "team" else source_label(value or "")
        rows.append(
            (
                label,
                row["raised"],
                row["done"],
                row["on_time"],
                row["cancelled"],
                row["outstanding"],
                row["overdue"],
                _pct(row["done"], row["raised"] - row["cancelled"]),
            )
        )
    rows.sort(key=lambda r: str(r[0]).lower())
    label = "team" if by == "team" else "source"
    raised = sum(int(r[1] or 0) for r in rows)
    overdue = sum(int(r[6] or 0) for r in rows)
    return CompletionTable(
        key=f"actions-by-{label}",
        title="By team" if by == "team" else "By where the action came from",
        summary=(
            f"{raised} action{'s' if raised != 1 else ''} you can see, by "
            + ("the team whose case each concerns" if by == "team" else "what raised it")
            + f"; {overdue} {'is' if overdue == 1 else 'are'} overdue today. "
            "The share done leaves out cancelled actions."
        ),
        headers=("Team" if by == "team" else "Source", *HEADERS),
        rows=rows,
    )
