"""Chasing: the QA unit reminds one person about one overdue thing, at most once a day.

The QA manager's home lists what is late (audits, moderation, actions,
practice alerts); beside each is a "send a reminder" button. Core knows no
domain app, so each app registers what it can be chased about: how to find
the record (within the chaser's sight, locked for the transaction), whom to
remind and what to tell them, and, where the record keeps its own history,
how to write the reminder there too.

A reminder is a notification (its kind is `chase_<key>`), so "once a day per
item" is answered from the notifications themselves: one indexed look-up, no
table of its own. The row is locked before that question is asked, so two
people pressing the button at the same moment send one reminder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404

from . import clock, trail
from .models import AuditEvent, Notification
from .notifications import EMAIL_SENTENCES, notification_send
from .policy import has_perm
from .roles import Perm

# Who may chase: the QA unit (and the principal social worker, who runs QA with it).
CHASE_PERM = Perm.RUN_QA


@dataclass(frozen=True)
class Reminder:
    """What one reminder says, to whom, about which record."""

    obj: models.Model
    recipients: list[Any]
    text: str  # the notification in Assure (may name a case; the email never does)
    link: str
    who: str  # the people reminded, as the chaser reads it back
    child_ref: str = ""


@dataclass(frozen=True)
class ChaseKind:
    key: str
    noun: str  # "overdue audit": what the button chases, in the trail
    email_sentence: str
    # (chaser, object id) -> the reminder, the record locked; None when out of sight.
    prepare: Callable[[Any, int], Reminder | None]
    # Writes the reminder into the record's own history, where it keeps one.
    history: Callable[[Any, Reminder], None] | None = None


_KINDS: dict[str, ChaseKind] = {}


def register_chase(kind: ChaseKind) -> None:
    _KINDS[kind.key] = kind
    EMAIL_SENTENCES[notification_kind(kind.key)] = kind.email_sentence


def chase_kind(key: str) -> ChaseKind | None:
    return _KINDS.get(key)


def notification_kind(key: str) -> str:
    return f"chase_{key}"[:40]


def _start_of_today() -> Any:
    return clock.local_moment(clock.today(), 0, 0)


def chased_today(key: str, object_ids: Iterable[Any]) -> set[str]:
    """Of these records, the ids already chased today for `key`: one query for a whole list."""
    ids = sorted({str(i) for i in object_ids})
    if not ids:
        return set()
    return set(
        Notification.objects.filter(
            kind=notification_kind(key), object_id__in=ids, created__gte=_start_of_today()
        ).values_list("object_id", flat=True)
    )


@dataclass(frozen=True)
class ChaseResult:
    sent: bool
    who: str
    message: str


def chase_send(*, actor: Any, kind: str, object_id: int) -> ChaseResult:
    """Remind the person who owes `kind` on record `object_id`, once a day at most.

    Refused unless the actor may chase; 404 when the record is out of their
    sight (existence must not leak). A second press the same day sends
    nothing and says so.
    """
    if not has_perm(actor, CHASE_PERM):
        raise PermissionDenied("Only the QA unit sends reminders.")
    found = _KINDS.get(kind)
    if found is None:
        raise Http404
    with transaction.atomic():
        reminder = found.prepare(actor, object_id)
        if reminder is None:
            raise Http404
        if not reminder.recipients:
            return ChaseResult(False, "", "There is nobody to remind: nobody holds it now.")
        if chased_today(kind, [reminder.obj.pk]):
            return ChaseResult(
                False,
                reminder.who,
                f"{reminder.who} has already been reminded today. You can remind them again "
                "tomorrow.",
            )
        notification_send(
            recipients=reminder.recipients,
            kind=notification_kind(kind),
            text=reminder.text,
            link=reminder.link,
            obj=reminder.obj,
        )
        if found.history is not None:
            found.history(actor, reminder)
        trail.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=reminder.obj,
            child_ref=reminder.child_ref,
            summary=f"Reminded {reminder.who} ({found.noun})",
        )
    return ChaseResult(True, reminder.who, f"Reminder sent to {reminder.who}.")
