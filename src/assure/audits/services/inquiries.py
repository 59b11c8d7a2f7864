"""Appreciative inquiry: a team's reflection on its audits (or a supervision using its tool)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from assure.core import trail
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.instruments.engine import missing_required, validate
from assure.instruments.registry import tool_current
from assure.org.models import Team

from ..models import AppreciativeInquiry, Audit, Cycle
from ..policy import INQUIRIES


@transaction.atomic
def inquiry_record(
    *,
    actor: Any,
    team: Team,
    cycle: Cycle | None,
    kind: str,
    responses: dict[str, Any],
    audit_ids: list[int],
) -> AppreciativeInquiry:
    """A team's appreciative inquiry (or a supervision) with the audits it drew on.

    A new record, so there is no row to lock or version to check: the policy is
    asked, the record written and the trail told, in one transaction.
    """
    if not INQUIRIES.may_record(actor, team.pk):
        raise PermissionDenied("Only the team's managers or the QA unit record its inquiry.")
    tool = tool_current("appreciative_inquiry")
    cleaned, errors = validate(tool.parsed, responses)
    missing = missing_required(tool.parsed, cleaned)
    errors.update({k: "Answer this question." for k in missing})
    if kind not in AppreciativeInquiry.Kind.values:
        errors["kind"] = "Choose a team inquiry or a supervision."
    audits = list(Audit.objects.filter(pk__in=audit_ids, team=team))
    if len(audits) != len(set(audit_ids)):
        errors["audits"] = "Link only audits of this team's cases."
    if errors:
        raise InvalidInput(errors)
    inquiry = AppreciativeInquiry.objects.create(
        team=team, cycle=cycle, kind=kind, tool=tool, responses=cleaned, recorded_by=actor
    )
    inquiry.audits.set(audits)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=inquiry,
        summary=f"Recorded {inquiry.get_kind_display().lower()} for {team}",
        changes={"audits": sorted(a.pk for a in audits)},
    )
    return inquiry
