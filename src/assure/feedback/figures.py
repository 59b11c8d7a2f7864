"""Feedback figures: counts by channel and theme, over triannual periods.

Shared by the QA unit's comparison page and the triannual report's sections, so
both count the same way: an item belongs to the period it was received in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet

from assure.reports.triannual.period import Period

from .models import FeedbackItem, Theme


def in_period(items: QuerySet[FeedbackItem], period: Period) -> QuerySet[FeedbackItem]:
    return items.filter(received_on__gte=period.starts_on, received_on__lt=period.ends_before)


@dataclass(frozen=True)
class Totals:
    count: int
    rated: int
    average: float | None
    answered: int


def totals(items: QuerySet[FeedbackItem]) -> Totals:
    row = items.aggregate(
        count=Count("id"),
        rated=Count("id", filter=Q(rating__isnull=False)),
        average=Avg("rating"),
        answered=Count("id", filter=~Q(response="")),
    )
    average = row["average"]
    return Totals(
        count=int(row["count"] or 0),
        rated=int(row["rated"] or 0),
        average=round(float(average), 1) if average is not None else None,
        answered=int(row["answered"] or 0),
    )


def theme_counts(items: QuerySet[FeedbackItem]) -> dict[str, int]:
    """How many items carry each theme (one item may carry several)."""
    rows = (
        Theme.objects.filter(items__in=items.values("pk"))
        .values("name")
        .annotate(n=Count("items", distinct=True))
        .order_by("-n", "name")
    )
    return {r["name"]: int(r["n"]) for r in rows}


def channel_theme_table(
    items: QuerySet[FeedbackItem], channels: Iterable[str]
) -> tuple[list[str], dict[str, dict[str, int]]]:
    """Themes (rows) by channel (columns): {theme: {channel: count}}, themes by total."""
    rows = (
        Theme.objects.filter(items__in=items.values("pk"))
        .values("name", "items__channel")
        .annotate(n=Count("items", distinct=True))
    )
    table: dict[str, dict[str, int]] = {}
    for r in rows:
        table.setdefault(r["name"], {c: 0 for c in channels})[r["items__channel"]] = int(r["n"])
    order = sorted(table, key=lambda t: (-sum(table[t].values()), t))
    return order, table


def recent_periods(last: Period, count: int = 6) -> list[Period]:
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))
