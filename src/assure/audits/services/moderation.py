"""The moderator's part: the meeting's decision, actions, and the audit finalised."""

from __future__ import annotations

from datetime import date
from typing import Any

from assure.core import clock
from assure.core.errors import InvalidInput
from assure.instruments.definitions import GRADES
from assure.org.models import User
from assure.org.selectors import service_managers_of

from ..models import ActionCheck, Audit, Moderation
from ..policy import AUDITS
from .common import audit_step


def _decision_errors(audit: Audit, *, decision: str, grade: str, reason: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if decision not in Moderation.Decision.values:
        errors["decision"] = "Choose agree, challenge or change."
    if decision == Moderation.Decision.CHANGE:
        if grade not in GRADES:
            errors["grade"] = "Choose the moderated grade."
        elif grade == audit.auditor_grade:
            errors["grade"] = "The moderated grade is the auditor's grade: choose agree instead."
        if not reason.strip():
            errors["reason"] = "Say why the grade changes."
    elif grade and grade not in GRADES:
        errors["grade"] = f"Choose one of: {', '.join(GRADES)}."
    return errors


def _record_checks(
    audit: Audit, moderation: Moderation, checks: dict[int, tuple[str, str]]
) -> None:
    """The moderator's check of each action the auditor set (only this audit's actions)."""
    from assure.actions.selectors import actions_for_source

    own_actions = set(actions_for_source("audit", str(audit.pk)).values_list("pk", flat=True))
    for action_id, (outcome, note) in checks.items():
        if action_id not in own_actions:
            raise InvalidInput({f"checks.{action_id}": "That action is not part of this audit."})
        if outcome not in ActionCheck.Outcome.values:
            raise InvalidInput({f"checks.{action_id}": "Choose done, partly or not done."})
        ActionCheck.objects.update_or_create(
            moderation=moderation, action_id=action_id, defaults={"outcome": outcome, "note": note}
        )


def moderation_record(
    *,
    actor: Any,
    audit_id: int,
    version: int,
    decision: str,
    grade: str = "",
    reason: str = "",
    notes: str = "",
    meeting_date: date | None = None,
    checks: dict[int, tuple[str, str]] | None = None,
) -> Audit:
    """The moderation meeting's outcome. A changed grade needs a reason; both grades are kept."""
    with audit_step(audit_id, actor=actor, action="moderate", version=version) as step:
        audit = step.audit
        errors = _decision_errors(audit, decision=decision, grade=grade, reason=reason)
        if errors:
            raise InvalidInput(errors)
        moderated = grade if decision == Moderation.Decision.CHANGE else audit.auditor_grade
        moderation, _ = Moderation.objects.update_or_create(
            audit=audit,
            defaults={
                "moderator": actor,
                "decision": decision,
                "grade": moderated,
                "reason": reason.strip(),
                "notes": notes.strip(),
                "meeting_date": meeting_date,
            },
        )
        _record_checks(audit, moderation, checks or {})
        step.set(moderated_grade=moderated, status=Audit.Status.IN_MODERATION)
        if audit.moderator_id is None:
            step.set(moderator=actor)
        return step.record(
            "moderated",
            decision=decision,
            auditor_grade=audit.auditor_grade,
            moderated_grade=moderated,
            reason=reason.strip(),
        )


def audit_action_add(
    *, actor: Any, audit_id: int, description: str, owner: User, due_date: date
) -> Any:
    """An action from the audit: set by the auditor while auditing or the moderator after."""
    from assure.actions.services import action_create

    with audit_step(audit_id, actor=actor, action="add_action") as step:
        audit = step.audit
        action = action_create(
            actor=actor,
            description=description,
            owner=owner,
            due_date=due_date,
            source_type="audit",
            source_id=str(audit.pk),
            team=audit.team,
            child_ref=AUDITS.child_ref(audit),
        )
        step.record("action_added", action=action.pk, owner=owner.username)
    return action


def audit_finalise(*, actor: Any, audit_id: int, version: int) -> Audit:
    with audit_step(audit_id, actor=actor, action="finalise", version=version) as step:
        audit = step.audit
        step.set(
            final_grade=audit.moderated_grade or audit.auditor_grade,
            status=Audit.Status.FINALISED,
            finalised_at=clock.now(),
        )
        audit = step.record("finalised", final_grade=audit.final_grade)
        step.notify(
            recipients=[*service_managers_of(audit.team), audit.auditor],
            kind="audit_finalised",
            text="An audit is finalised: its document is ready for the child's record",
        )
    return audit
