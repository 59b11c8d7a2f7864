"""Feedback (contract.md, "Feedback"): the one store every channel feeds."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Schema, Status

from assure.core.errors import InvalidInput
from assure.feedback import services
from assure.feedback.models import Channel, FeedbackItem
from assure.feedback.policy import FEEDBACK
from assure.feedback.selectors import feedback_shown, feedback_visible_to

from .errors import errors
from .urls import api

LIST_LIMIT = 5000


def item_out(item: FeedbackItem, text: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.pk,
        "channel": item.channel,
        "received_on": item.received_on.isoformat(),
        "team": item.team.name if item.team else None,
        "district": item.district.name if item.district else None,
        "rating": item.rating,
        "themes": sorted(t.name for t in item.themes.all()),
        "response": item.response or None,
    }
    if text is not None:  # only for those who may read it
        out["text"] = text
    return out


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput({field: "Use a date written YYYY-MM-DD"}) from None


@api.get("/feedback", response={200: list[dict[str, Any]], **errors(400, 401)}, tags=["feedback"])
def feedback_list(
    request: HttpRequest,
    channel: str | None = None,
    start: str | None = Query(None, alias="from"),  # type: ignore[type-arg]
    end: str | None = Query(None, alias="to"),  # type: ignore[type-arg]
) -> list[dict[str, Any]]:
    """Feedback from every channel; `text` only for those the policy lets read it."""
    if channel and channel not in Channel.values:
        raise InvalidInput({"channel": "Use one of " + ", ".join(Channel.values)})
    first, last = _day(start, "from"), _day(end, "to")
    if first and last and first > last:
        raise InvalidInput({"to": "The end date must be on or after the start date"})
    items = feedback_visible_to(request.user, channel=channel or "", start=first, end=last)
    shown = feedback_shown(
        request.user, items[:LIST_LIMIT], what="Listed feedback with its text (API)"
    )
    return [item_out(s.item, s.text) for s in shown]


class FeedbackIn(Schema):
    channel: str
    received_on: date
    text: str
    team: str | None = None
    district: str | None = None
    rating: int | None = None
    themes: list[str] | None = None
    response: str | None = None


@api.post("/feedback", response={201: dict, **errors(400, 401, 403)}, tags=["feedback"])
def feedback_create(request: HttpRequest, payload: FeedbackIn) -> Status[Any]:
    """Record feedback received another way (signed-in staff); 201 with the item."""
    if not FEEDBACK.may_record(request.user):
        raise PermissionDenied("You may not record feedback.")
    item = services.feedback_record(
        actor=request.user,
        channel=payload.channel,
        received_on=payload.received_on,
        text=payload.text,
        team=payload.team or "",
        district=payload.district or "",
        rating=payload.rating,
        themes=payload.themes,
        response=payload.response or "",
    )
    return Status(201, item_out(item, item.text))
