"""What every programme service shares: refusing bad input by field, and the trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404

from assure.core.errors import InvalidInput

from ..models import Programme
from ..policy import PROGRAMMES


def text(value: Any, field: str, message: str, *, limit: int = 5000) -> str:
    cleaned = str(value or "").strip()
    if not cleaned:
        raise InvalidInput({field: message})
    if len(cleaned) > limit:
        raise InvalidInput({field: f"Keep it to {limit} characters or fewer."})
    return cleaned


def choice(value: Any, field: str, choices: Any, noun: str) -> str:
    values = [c[0] for c in choices]
    if value not in values:
        raise InvalidInput({field: f"Choose the {noun}: one of {', '.join(values)}."})
    return str(value)


def active_user(username: Any, field: str) -> Any:
    name = str(username or "").strip()
    user = get_user_model().objects.filter(username=name, is_active=True).first() if name else None
    if user is None:
        raise InvalidInput({field: f"No active user is called {name!r}."})
    return user


def as_date(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput({field: "Enter a date as YYYY-MM-DD."}) from None


def visible_programme(actor: Any, programme_id: Any) -> Programme:
    """The programme, locked for this transaction; 404 when the actor cannot see it."""
    if not PROGRAMMES.visible_to(actor).filter(pk=programme_id).exists():
        raise Http404("No programme that you can see.")
    return Programme.objects.select_for_update().get(pk=programme_id)


def evidence_list(raw: Any, field: str = "evidence") -> list[dict[str, Any]]:
    """[{type, id|ref, text}]: each item typed and described; ids and refs kept as strings."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise InvalidInput({field: "Give the evidence as a list."})
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not str(item.get("type", "")).strip():
            raise InvalidInput({f"{field}.{i}": "Each piece of evidence needs a type."})
        if not str(item.get("text", "")).strip():
            raise InvalidInput({f"{field}.{i}": "Each piece of evidence needs its text."})
        entry: dict[str, Any] = {"type": str(item["type"]).strip()[:40]}
        if item.get("id") not in (None, ""):
            entry["id"] = str(item["id"])[:100]
        elif item.get("ref") not in (None, ""):
            entry["ref"] = str(item["ref"])[:200]
        entry["text"] = str(item["text"]).strip()[:1000]
        out.append(entry)
    return out
