"""The QA unit's words on a period's report: drafts, sign-off, and figures frozen at approval.

The QA unit writes an executive summary and a commentary per section, saving
drafts (each kept as a revision); sends it for sign-off; a senior leader who
did not send it approves it (the head of service's sign-off) or returns it
with a reason. At approval the composed figures, full and public, are stored
with the edition, and every copy of the report made after that is made from
them, so the approved report never changes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from assure.core import clock, trail
from assure.core.errors import ConflictError, InvalidInput
from assure.core.models import AuditEvent
from assure.core.policy import access_for, require_perm
from assure.core.roles import Perm
from assure.reports.models import TriannualEdition, TriannualRevision

from .compare import TriannualContext
from .frozen import freeze
from .period import Period

MAX_TEXT = 20_000


def edition_for(period: Period) -> TriannualEdition | None:
    return TriannualEdition.objects.filter(period=period.key).first()


def _locked(period: Period, version: int, status: str, refusal: dict[str, str]) -> TriannualEdition:
    """The period's edition, locked for this transaction, at `version` and in `status`."""
    edition, _ = TriannualEdition.objects.select_for_update().get_or_create(period=period.key)
    if edition.version != version:
        raise ConflictError("Someone saved this report since you opened it. Reload to see it.")
    if edition.status != status:
        raise InvalidInput(refusal)
    return edition


def _saved(actor: Any, edition: TriannualEdition, summary: str) -> TriannualEdition:
    """Write the step: a new version, and the trail's sentence about it."""
    edition.version += 1
    edition.save()
    trail.record(actor=actor, action=AuditEvent.Action.UPDATE, summary=summary, obj=edition)
    return edition


DRAFT, IN_REVIEW = TriannualEdition.Status.DRAFT, TriannualEdition.Status.IN_REVIEW
FIXED = {"summary": "This report is waiting for sign-off or approved: it cannot change."}


def edition_save(
    *, actor: Any, period: Period, summary: str, commentary: dict[str, str], version: int
) -> TriannualEdition:
    """Save a draft of the words (the QA unit), keeping the previous ones."""
    require_perm(actor, Perm.RUN_QA)
    long = [k for k, v in {"summary": summary, **commentary}.items() if len(v) > MAX_TEXT]
    if long:
        raise InvalidInput({k: f"Keep it under {MAX_TEXT:,} characters." for k in long})
    with transaction.atomic():
        edition = _locked(period, version, DRAFT, FIXED)
        edition.summary = summary.strip()
        edition.commentary = {k: v.strip() for k, v in commentary.items() if v.strip()}
        _saved(actor, edition, f"Triannual report {period.key}: draft {edition.version + 1} saved")
        TriannualRevision.objects.create(
            edition=edition,
            version=edition.version,
            summary=edition.summary,
            commentary=edition.commentary,
            saved_by=actor,
            saved_at=clock.now(),
        )
    return edition


def edition_submit(*, actor: Any, period: Period, version: int) -> TriannualEdition:
    require_perm(actor, Perm.RUN_QA)
    with transaction.atomic():
        refusal = {"summary": "Only a draft can be sent for sign-off."}
        edition = _locked(period, version, DRAFT, refusal)
        if not edition.summary:
            raise InvalidInput({"summary": "Write the executive summary before sending it."})
        edition.status = IN_REVIEW
        edition.submitted_by = actor
        return _saved(actor, edition, f"Triannual report {period.key} sent for sign-off")


def _signs_off(actor: Any, edition: TriannualEdition) -> None:
    if not access_for(actor).senior:
        raise PermissionDenied("A senior leader signs the report off.")
    if edition.submitted_by_id == getattr(actor, "pk", None):
        raise PermissionDenied("Someone other than the person who sent it signs it off.")


def edition_return(*, actor: Any, period: Period, version: int, reason: str) -> TriannualEdition:
    if not reason.strip():
        raise InvalidInput({"reason": "Say what needs to change."})
    with transaction.atomic():
        refusal = {"reason": "Only a report waiting for sign-off can be returned."}
        edition = _locked(period, version, IN_REVIEW, refusal)
        _signs_off(actor, edition)
        edition.status = DRAFT
        said = f"Triannual report {period.key} returned: {reason.strip()[:200]}"
        return _saved(actor, edition, said)


def edition_approve(*, actor: Any, period: Period, version: int) -> TriannualEdition:
    from .report import build

    with transaction.atomic():
        refusal = {"summary": "Only a report waiting for sign-off can be approved."}
        edition = _locked(period, version, IN_REVIEW, refusal)
        _signs_off(actor, edition)
        full = build(TriannualContext(period), live=True)
        public = build(TriannualContext(period, public=True), live=True)
        edition.frozen = {"full": freeze(full.sections), "public": freeze(public.sections)}
        edition.status = TriannualEdition.Status.APPROVED
        edition.approved_by = actor
        edition.approved_at = clock.now()
        said = f"Triannual report {period.key} approved; its figures are frozen"
        return _saved(actor, edition, said)
