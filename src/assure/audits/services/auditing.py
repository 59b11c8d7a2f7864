"""The auditor's part: answers saved as they go, then the audit submitted with its grade."""

from __future__ import annotations

from typing import Any

from assure.core import clock
from assure.core.errors import InvalidInput
from assure.instruments.definitions import GRADES
from assure.instruments.engine import missing_required, validate
from assure.org.selectors import service_managers_of

from ..models import Audit
from .common import audit_step


def audit_save_draft(
    *, actor: Any, audit_id: int, version: int, responses: dict[str, Any]
) -> Audit:
    """Save answers as they go: partial is fine, but each answer given must be valid."""
    with audit_step(audit_id, actor=actor, action="answer", version=version) as step:
        audit = step.audit
        cleaned, errors = validate(audit.tool.parsed, responses)
        if errors:
            raise InvalidInput({f"responses.{k}": v for k, v in errors.items()})
        merged = {**audit.responses, **cleaned}
        # An answer sent as blank clears it.
        for key, value in responses.items():
            if value in (None, "") and key in merged:
                del merged[key]
        changed = sorted(
            k for k in set(merged) | set(audit.responses) if merged.get(k) != audit.responses.get(k)
        )
        # The answers themselves stay out of the trail (they are the child's record, read
        # on the audit's page); the trail names which questions changed.
        audit.responses = merged
        step.change.touch("responses")
        step.set(status=Audit.Status.IN_PROGRESS)
        return step.record("draft_saved", questions=changed)


def audit_submit(*, actor: Any, audit_id: int, version: int, grade: str) -> Audit:
    with audit_step(audit_id, actor=actor, action="answer", version=version) as step:
        audit = step.audit
        errors: dict[str, Any] = {}
        if grade not in GRADES:
            errors["grade"] = f"Choose the overall grade: {', '.join(GRADES)}."
        missing = missing_required(audit.tool.parsed, audit.responses)
        if missing:
            errors["responses"] = {
                "missing": missing,
                "message": f"Answer every required question ({len(missing)} unanswered).",
            }
        if errors:
            raise InvalidInput(errors)
        step.set(auditor_grade=grade, status=Audit.Status.SUBMITTED, submitted_at=clock.now())
        if audit.moderator_id is None or audit.moderator_id == audit.auditor_id:
            # The service's manager moderates, but never one who conducted this audit.
            others = [m for m in service_managers_of(audit.team) if m.pk != audit.auditor_id]
            if others:
                step.set(moderator=others[0])
        audit = step.record("submitted", grade=grade)
        step.notify(
            recipients=[audit.moderator],
            kind="audit_submitted",
            text="An audit is ready for moderation",
        )
    return audit
