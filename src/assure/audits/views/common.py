"""What the audit pages share: form errors from services, and reading one audit."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from assure.core.errors import InvalidInput

from ..models import Audit
from ..policy import AUDITS
from ..selectors import audit_for, audit_read


def answers_of(audit: Audit) -> list[tuple[Any, list[tuple[Any, Any]]]]:
    """Each section of the audit's tool with its questions and the answers given: read from
    the audit's own row, so showing them costs no query per answer."""
    return [
        (section, [(q, audit.responses.get(q.key)) for q in section.questions])
        for section in audit.tool.parsed.sections
    ]


def apply_errors(form: Any, error: InvalidInput) -> None:
    """A service's refusal, field by field, on the form that sent the input."""
    for key, message in error.errors.items():
        field = key if key in form.fields else None
        text = message["message"] if isinstance(message, dict) else str(message)
        if isinstance(message, dict) and message.get("missing"):
            labels = [
                form.tool.questions[k].label for k in message["missing"] if hasattr(form, "tool")
            ][:5]
            text += " Unanswered: " + "; ".join(labels) if labels else ""
        form.add_error(field, text)


def shown(request: HttpRequest, audit_id: int, *, action: str = "") -> Audit:
    """An audit a page shows to the user: 404 unless theirs to see, 403 (with the reason)
    when the page is for `action` and the policy says no; the reading is trailed."""
    if not action:
        return audit_read(request.user, audit_id)
    audit = acted_on(request, audit_id)
    AUDITS.check(request.user, action, audit)
    AUDITS.record_reads(request.user, [audit])
    return audit


def acted_on(request: HttpRequest, audit_id: int) -> Audit:
    """An audit a form posts to without showing it (the write leaves its own trail event)."""
    audit = audit_for(request.user, audit_id)
    if audit is None:
        raise Http404
    return audit


def error_text(error: Exception) -> str:
    """A service's refusal as one sentence for a message banner."""
    if isinstance(error, InvalidInput):
        return " ".join(str(v) for v in error.errors.values())
    return str(error)
