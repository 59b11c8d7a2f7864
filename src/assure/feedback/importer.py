"""Importing feedback received elsewhere (CSV): a whole file or nothing.

`assure import feedback PATH --channel CHANNEL` (contract.md): UTF-8, the header
in row 1, columns `received_on` (YYYY-MM-DD or DD/MM/YYYY) and `text`, and
optionally `team`, `district`, `rating` (1 to 5), `themes` (separated by `;`)
and `response`. Every row is checked before anything is written; each problem
names its spreadsheet row (the header is row 1) and its column. A column the
format does not know is refused too: a misspelt `ratng` would otherwise drop
every rating without a word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from assure.core import clock, trail
from assure.core.models import AuditEvent
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.reviews.importer import Problem, _parse_date, read_csv, unreadable_cells

from .models import Channel, FeedbackItem
from .services.items import themes_resolve, themes_suggest, validate

COLUMNS = ("received_on", "text", "team", "district", "rating", "themes", "response")
REQUIRED = ("received_on", "text")
MAX_ROWS = 50_000


@dataclass
class FeedbackImport:
    status: str  # "imported" | "rejected"
    rows: int = 0
    created: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.status == "rejected":
            n = len(self.problems)
            return f"Nothing was imported: {n} problem{'s' if n != 1 else ''} to put right."
        return f"Imported {self.created} piece{'s' if self.created != 1 else ''} of feedback."


def may_import(user: Any) -> bool:
    return has_perm(user, Perm.RUN_QA) or has_perm(user, Perm.IMPORT_DATA)


@dataclass(frozen=True)
class _Row:
    received_on: date
    text: str
    team: Any
    district: Any
    rating: int | None
    themes: list[str]
    response: str


def _rating(value: str) -> tuple[int | None, str]:
    if not value:
        return None, ""
    if value.isdigit() and 1 <= int(value) <= 5:
        return int(value), ""
    return None, "Rating must be a whole number from 1 to 5, or left empty"


def _check(n: int, row: dict[str, str], problems: list[Problem]) -> _Row | None:
    received = _parse_date(row.get("received_on", ""))
    rating, rating_problem = _rating(row.get("rating", ""))
    themes = [t.strip() for t in row.get("themes", "").split(";") if t.strip()]
    found, team, district = validate(
        channel=Channel.STAFF,  # the channel is the command's, checked once
        received_on=received,
        text=row.get("text", ""),
        team=row.get("team", ""),
        district=row.get("district", ""),
        themes=themes,
    )
    if received is None and row.get("received_on"):
        found["received_on"] = "Write the date as YYYY-MM-DD or DD/MM/YYYY"
    if rating_problem:
        found["rating"] = rating_problem
    for column, why in found.items():
        problems.append(Problem(n, column, row.get(column, ""), why))
    if found:
        return None
    assert received is not None
    return _Row(
        received_on=received,
        text=row.get("text", "").strip(),
        team=team,
        district=district or (team.district if team else None),
        rating=rating,
        themes=themes,
        response=row.get("response", "").strip(),
    )


def feedback_import(
    *, actor: Any, data: bytes | str, channel: str, source: str = ""
) -> FeedbackImport:
    """Check every row, then load the whole file in one transaction, or nothing.

    `actor` None is the command line (run by whoever may run it on the server).
    """
    if actor is not None and not may_import(actor):
        raise PermissionDenied("Only the QA unit or a data importer imports feedback.")
    if channel not in Channel.values:
        return FeedbackImport(
            "rejected",
            problems=[Problem(0, "", channel, "Use a channel: " + ", ".join(Channel.values))],
        )
    header, rows = read_csv(data)
    if not header:
        return FeedbackImport("rejected", problems=[Problem(1, "", "", "The file is empty.")])
    problems = unreadable_cells(header, rows)
    if problems:
        return FeedbackImport("rejected", rows=len([r for r in rows if r]), problems=problems)
    problems = [
        Problem(1, c, "", f"The column {c} is missing from the header row.")
        for c in REQUIRED
        if c not in header
    ]
    problems += [
        Problem(1, c, c, "This column is not one the format knows: " + ", ".join(COLUMNS))
        for c in header
        if c not in COLUMNS
    ]
    if problems:
        return FeedbackImport("rejected", problems=problems)
    if len(rows) > MAX_ROWS:
        return FeedbackImport(
            "rejected",
            problems=[Problem(1, "", "", f"More than {MAX_ROWS:,} rows: split the file.")],
        )
    checked: list[_Row] = []
    for n, row in enumerate(rows, start=2):
        if row:
            good = _check(n, row, problems)
            if good is not None:
                checked.append(good)
    if problems:
        return FeedbackImport("rejected", rows=len([r for r in rows if r]), problems=problems)
    with transaction.atomic():
        for good in checked:
            _create(actor, channel, good, source)
    return FeedbackImport("imported", rows=len(checked), created=len(checked))


def _create(actor: Any, channel: str, row: _Row, source: str) -> FeedbackItem:
    item = FeedbackItem.objects.create(
        channel=channel,
        received_on=row.received_on,
        team=row.team,
        district=row.district,
        rating=row.rating,
        text=row.text,
        response=row.response,
        responded_at=clock.now() if row.response else None,
        source=FeedbackItem.Source.IMPORT,
        recorded_by=actor,
        themes_confirmed=bool(row.themes),
    )
    if row.themes:
        item.themes.set(themes_resolve(row.themes))
    else:
        item.themes.set(themes_suggest(row.text))
    trail.record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        obj=item,
        username="" if actor is not None else "command line",
        summary=f"Feedback {item.pk} imported ({item.get_channel_display()})"
        + (f" from {source}" if source else ""),
        changes={"channel": [None, channel], "received_on": [None, row.received_on.isoformat()]},
    )
    return item
