"""Reads of feedback, scoped to the person asking; text only where the policy allows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from .models import FeedbackItem, Theme
from .policy import FEEDBACK

_RELATED = ("team", "district", "responded_by", "case__child", "meeting__case__child")


def feedback_visible_to(
    user: Any,
    *,
    channel: str = "",
    start: date | None = None,
    end: date | None = None,
    theme: int | None = None,
) -> QuerySet[FeedbackItem]:
    items = FEEDBACK.visible_to(user).select_related(*_RELATED).prefetch_related("themes")
    if channel:
        items = items.filter(channel=channel)
    if start is not None:
        items = items.filter(received_on__gte=start)
    if end is not None:
        items = items.filter(received_on__lte=end)
    if theme is not None:
        items = items.filter(themes__pk=theme)
    return items.order_by("-received_on", "-id")


def readable_ids(user: Any, items: Iterable[FeedbackItem]) -> set[int]:
    """Which of these items' text this user may read (one query)."""
    ids = [i.pk for i in items]
    if not ids:
        return set()
    rows = FeedbackItem.objects.filter(FEEDBACK.text_filter(user), pk__in=ids)
    return set(rows.values_list("pk", flat=True))


@dataclass(frozen=True)
class Shown:
    item: FeedbackItem
    text: str | None  # None: this reader may not read it


def feedback_shown(user: Any, items: Iterable[FeedbackItem], *, what: str) -> list[Shown]:
    """The items with their text where it may be read; every text shown is trailed."""
    listed = list(items)
    readable = readable_ids(user, listed)
    shown = [Shown(i, i.text if i.pk in readable else None) for i in listed]
    FEEDBACK.record_reads(user, [s.item for s in shown if s.text is not None], what=what)
    return shown


def feedback_item_read(user: Any, item_id: int) -> FeedbackItem:
    """One item for a page that shows it: 404 when out of sight, its reading trailed."""
    return FEEDBACK.read(
        user,
        item_id,
        queryset=FeedbackItem.objects.select_related(*_RELATED).prefetch_related("themes"),
    )


def themes_all() -> QuerySet[Theme]:
    return Theme.objects.all()
