"""What every step of the audit cycle shares: the rows it locks and the history it keeps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from assure.core import writes
from assure.core.notifications import notification_send
from assure.instruments.models import Tool
from assure.instruments.registry import tool_current
from assure.org.models import Service, Team

from ..models import Audit, AuditChange
from ..policy import AUDITS

# Services with their own statutory audit tool; everything else uses the CYPE tool.
SERVICE_TOOLS: dict[str, str] = {
    Service.Kind.YOUTH_JUSTICE: "youth_justice_audit",
    Service.Kind.ADOPTION: "raa_audit",
    Service.Kind.SEN: "sen_audit",
}


def tool_for_team(team: Team) -> Tool:
    return tool_current(SERVICE_TOOLS.get(team.service.kind, "cype_audit"))


def audit_link(audit: Audit) -> str:
    return reverse("audits:detail", args=[audit.pk])


def locked_rows() -> QuerySet[Audit]:
    """What a step reads with the audit it locks (the locking itself is `writes.change`)."""
    return Audit.objects.select_related(
        "case__child", "team__service", "tool", "auditor", "practitioner", "moderator"
    )


class AuditStep:
    """One step of an audit inside `writes.change`: the change, its history row, its trail."""

    def __init__(self, change: writes.Change[Audit]) -> None:
        self.change = change
        self.audit = change.obj
        self.before = change.obj.status

    def set(self, **values: Any) -> None:
        self.change.set(**values)

    def record(self, kind: str, **detail: Any) -> Audit:
        """Keep the step in the audit's own history (the page shows it) and in the trail."""
        audit = self.audit
        AuditChange.objects.create(
            audit=audit,
            actor=self.change.actor,
            kind=kind,
            from_status=self.before,
            to_status=audit.status,
            detail=detail,
        )
        return self.change.commit(
            summary=f"Audit {audit.pk}: {kind.replace('_', ' ')}",
            child_ref=AUDITS.child_ref(audit),
            extra=detail,
        )

    def notify(self, *, recipients: list[Any], kind: str, text: str) -> None:
        """Tell people once the step is committed; the text names no child and no grade."""
        audit = self.audit
        link = audit_link(audit)
        people = [r for r in recipients if r is not None]
        self.change.after_commit(
            lambda: notification_send(recipients=people, kind=kind, obj=audit, text=text, link=link)
        )


@contextmanager
def audit_step(
    audit_id: Any, *, actor: Any, action: str, version: int | None = None
) -> Iterator[AuditStep]:
    """Lock the audit, ask the policy whether `actor` may take `action`, check the version."""
    with writes.change(
        locked_rows(), audit_id, actor=actor, version=version, policy=AUDITS, action=action
    ) as change:
        yield AuditStep(change)
