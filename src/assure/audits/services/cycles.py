"""The cycle and its calendar: four months, whose dates drive the audits' due dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from assure.core import trail, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent

from ..models import Audit, CalendarEntry, Cycle
from ..policy import CALENDAR, CYCLES

# (month of the cycle, kind, audit round, title): the framework's four months.
CYCLE_MONTHS = [
    (1, CalendarEntry.Kind.AUDIT, 1, "Audit month"),
    (2, CalendarEntry.Kind.MODERATION, 1, "Moderation and appreciative inquiry"),
    (3, CalendarEntry.Kind.AUDIT, 2, "Audit month"),
    (4, CalendarEntry.Kind.MODERATION, 2, "Moderation"),
]


def cycle_calendar_create(cycle: Cycle) -> list[CalendarEntry]:
    """The cycle's four months in the QA calendar (part of cycle_create's transaction)."""
    return CalendarEntry.objects.bulk_create(
        [
            CalendarEntry(
                cycle=cycle,
                kind=kind,
                round=rnd,
                title=f"{cycle.label}: {title}",
                starts_on=cycle.month_start(m),
                ends_on=cycle.month_end(m),
            )
            for m, kind, rnd, title in CYCLE_MONTHS
        ]
    )


@transaction.atomic
def cycle_create(*, actor: Any, year: int, number: int, starts_on: date) -> Cycle:
    """A cycle and its four calendar months (audit, moderation and AI, audit, moderation)."""
    if not CYCLES.may_create(actor):
        raise PermissionDenied("Only the QA unit creates audit cycles.")
    if number not in (1, 2, 3):
        raise InvalidInput({"number": "A year has cycles 1, 2 and 3."})
    if Cycle.objects.filter(year=year, number=number).exists():
        raise InvalidInput({"number": f"{year} cycle {number} already exists."})
    cycle = Cycle.objects.create(year=year, number=number, starts_on=starts_on.replace(day=1))
    cycle_calendar_create(cycle)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=cycle,
        summary=f"Created the audit cycle {cycle.label}",
    )
    return cycle


# The fields of a calendar entry that decide which audits it dates, and to when.
DATE_SETTING = frozenset({"ends_on", "kind", "round", "cycle"})


def _check_dates(values: dict[str, Any]) -> None:
    if values["ends_on"] < values["starts_on"]:
        raise InvalidInput({"ends_on": "The end date must be on or after the start date."})


def calendar_entry_save(
    *, actor: Any, entry: CalendarEntry | None, values: dict[str, Any]
) -> CalendarEntry:
    """Add an entry to the QA calendar, or change one (moving the due dates it sets)."""
    if entry is None:
        return _calendar_entry_create(actor=actor, values=values)
    with writes.change(CalendarEntry, entry.pk, actor=actor, policy=CALENDAR, action="edit") as c:
        _check_dates({**{k: getattr(c.obj, k) for k in ("starts_on", "ends_on")}, **values})
        changed = c.set(**values)
        if not changed:
            return c.obj
        moved = _move_due_dates(c.obj) if changed.keys() & DATE_SETTING else 0
        return c.commit(
            summary=f"Changed the QA calendar: {c.obj.title}",
            extra={"audits_moved": moved} if moved else None,
        )


@transaction.atomic
def _calendar_entry_create(*, actor: Any, values: dict[str, Any]) -> CalendarEntry:
    if not CALENDAR.may_create(actor):
        raise PermissionDenied("Only the QA unit keeps the QA calendar.")
    _check_dates(values)
    entry = CalendarEntry.objects.create(**values)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=entry,
        summary=f"Added to the QA calendar: {entry.title}",
    )
    return entry


def _move_due_dates(entry: CalendarEntry) -> int:
    """Moving an audit or moderation month moves the due dates that follow from it.

    One statement for the whole month's audits (hundreds of them), each one's
    version bumped so a page opened before the move is told it changed; the
    calendar entry's own trail event says how many moved.
    """
    if not (
        entry.cycle_id
        and entry.round
        and entry.kind in (CalendarEntry.Kind.AUDIT, CalendarEntry.Kind.MODERATION)
    ):
        return 0
    field = "due_date" if entry.kind == CalendarEntry.Kind.AUDIT else "moderation_due"
    return (
        Audit.objects.filter(cycle_id=entry.cycle_id, round=entry.round)
        .exclude(status=Audit.Status.FINALISED)
        .update(**{field: entry.ends_on}, version=F("version") + 1)
    )


def month_of(cycle: Cycle, kind: str, rnd: int) -> CalendarEntry:
    entry = cycle.calendar.filter(kind=kind, round=rnd).first()
    if entry is None:
        raise InvalidInput({"round": f"{cycle.label} has no {kind} month for round {rnd}."})
    return entry
