"""What the QA unit can chase in the audit cycle: an overdue audit, an audit awaiting moderation.

Registered with `core.chasing`, which sends the reminder once a day at most and
trails it; the reminder also goes into the audit's own history, so its page
shows who was chased and when.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from assure.core import clock
from assure.core.chasing import ChaseKind, Reminder, register_chase
from assure.org.selectors import service_managers_of

from .models import Audit, AuditChange
from .policy import AUDITS, AWAITING_MODERATION, OPEN


def _locked(actor: Any, audit_id: int) -> Audit | None:
    return (
        AUDITS.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("case__child", "team__district", "auditor", "moderator")
        .filter(pk=audit_id)
        .first()
    )


def _names(people: list[Any]) -> str:
    return ", ".join(str(p) for p in people)


def moderators_of(audit: Audit) -> list[Any]:
    """Who owes the moderation: the assigned moderator, else the team's service managers."""
    if audit.moderator is not None and audit.moderator.is_active:
        return [audit.moderator]
    return [m for m in service_managers_of(audit.team) if m.pk != audit.auditor_id]


def _overdue(actor: Any, audit_id: int) -> Reminder | None:
    audit = _locked(actor, audit_id)
    if audit is None or audit.status not in OPEN or audit.due_date >= clock.today():
        return None
    return Reminder(
        obj=audit,
        recipients=[audit.auditor] if audit.auditor.is_active else [],
        text=(
            f"The QA unit asks after an audit allocated to you: it was due on "
            f"{audit.due_date:%-d %B %Y} and is not submitted yet."
        ),
        link=reverse("audits:answer", args=[audit.pk]),
        who=str(audit.auditor),
        child_ref=AUDITS.child_ref(audit),
    )


def _moderation(actor: Any, audit_id: int) -> Reminder | None:
    audit = _locked(actor, audit_id)
    if audit is None or audit.status not in AWAITING_MODERATION:
        return None
    people = moderators_of(audit)
    since = audit.submitted_at or audit.allocated_at
    return Reminder(
        obj=audit,
        recipients=people,
        text=(
            "The QA unit asks after an audit waiting for moderation since "
            f"{timezone.localtime(since):%-d %B %Y}."
        ),
        link=reverse("audits:moderate", args=[audit.pk]),
        who=_names(people),
        child_ref=AUDITS.child_ref(audit),
    )


def _history(actor: Any, reminder: Reminder) -> None:
    audit = reminder.obj
    assert isinstance(audit, Audit)
    AuditChange.objects.create(
        audit=audit,
        actor=actor,
        kind="chased",
        from_status=audit.status,
        to_status=audit.status,
        detail={"reminded": [p.username for p in reminder.recipients]},
    )


register_chase(
    ChaseKind(
        key="audit_overdue",
        noun="overdue audit",
        email_sentence="The QA unit asks after an overdue audit allocated to you.",
        prepare=_overdue,
        history=_history,
    )
)
register_chase(
    ChaseKind(
        key="audit_moderation",
        noun="audit awaiting moderation",
        email_sentence="The QA unit asks after an audit waiting for your moderation.",
        prepare=_moderation,
        history=_history,
    )
)
