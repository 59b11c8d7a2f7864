"""Programmes on the QA calendar: every programme (a COA visit, a thematic audit, a
learning event, a multi-agency audit, a learning review) is an entry of the audit cycle
whose four months hold its first day (the calendar the QA unit already keeps,
audits.CalendarEntry), so the cycle's page lists it beside the audit and moderation
months.
"""

from __future__ import annotations

from typing import Any

from assure.audits.models import CalendarEntry, Cycle
from assure.core.policy import has_perm
from assure.core.roles import Perm

from .models import Programme

CALENDAR_KINDS = {
    Programme.Kind.COA: CalendarEntry.Kind.COA,
    Programme.Kind.THEMATIC: CalendarEntry.Kind.THEMATIC,
    Programme.Kind.LEARNING_EVENT: CalendarEntry.Kind.LEARNING,
    # The calendar has no kind of its own for these yet; "Other" keeps them on it.
    Programme.Kind.MULTI_AGENCY: CalendarEntry.Kind.OTHER,
    Programme.Kind.LEARNING_REVIEW: CalendarEntry.Kind.OTHER,
}


def note_for(programme: Programme) -> str:
    return f"QA programme {programme.pk}"


def cycle_holding(programme: Programme) -> Cycle | None:
    cycle = Cycle.objects.filter(starts_on__lte=programme.starts_on).order_by("-starts_on").first()
    return cycle if cycle is not None and programme.starts_on <= cycle.month_end(4) else None


def programme_on_calendar(*, actor: Any, programme: Programme) -> CalendarEntry | None:
    """Add the programme to the calendar; the QA unit keeps it, so others' programmes wait
    for the QA unit to add them (nothing is refused for want of a calendar entry)."""
    from assure.audits.services import calendar_entry_save

    kind = CALENDAR_KINDS.get(programme.kind)  # type: ignore[call-overload]
    if kind is None or not has_perm(actor, Perm.RUN_QA):
        return None
    where = f" ({programme.district.name})" if programme.district is not None else ""
    return calendar_entry_save(
        actor=actor,
        entry=None,
        values={
            "cycle": cycle_holding(programme),
            "kind": kind,
            "title": f"{programme.title}{where}"[:200],
            "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "notes": note_for(programme),
        },
    )
