"""Answering an audit: the form, its draft (saved by the button, or in the background
as the auditor types), and submitting it for moderation.

The same POST serves both ways of saving a draft. Without JavaScript the "Save draft"
button posts the form and the page comes back. With it, form-keeper.js posts the same
form with `autosave=1` and reads a small JSON answer, so the page never reloads.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from assure.core import clock
from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.forms import SummaryItem
from assure.core.middleware import session_context, session_seconds_left
from assure.core.roles import Perm
from assure.instruments.definitions import GRADE_LABELS
from assure.instruments.forms import ToolForm

from .. import services
from ..forms import SubmitForm
from ..models import Audit
from ..policy import AUDITS
from .common import acted_on, apply_errors

BACKGROUND = "autosave"
CHANGED_ELSEWHERE = (
    "This audit was changed somewhere else (perhaps in another tab or window) since you "
    "opened this page, so what you typed here has not been saved. Copy anything you need "
    "to keep, then reload the page."
)


def would_change(stored: dict[str, Any], given: dict[str, Any]) -> bool:
    """Whether saving `given` (None clears an answer) over `stored` changes anything."""
    return any(
        (key in stored) if value is None else stored.get(key) != value
        for key, value in given.items()
    )


def _save(request: HttpRequest, audit: Audit, form: ToolForm) -> Audit:
    """Save the draft when it changes something: a background save of an unchanged form
    (a tab hidden twice) writes no new version and no trail event."""
    version = int(request.POST.get("version", ""))
    given = form.draft_responses()
    if audit.status != Audit.Status.ALLOCATED and not would_change(audit.responses, given):
        return audit
    return services.audit_save_draft(
        actor=request.user, audit_id=audit.pk, version=version, responses=given
    )


def _background_save(request: HttpRequest, audit: Audit) -> JsonResponse:
    form = ToolForm(audit.tool.parsed, request.POST, require=False)
    if not form.is_valid():
        problems = [item.text for item in form.summary()]
        return JsonResponse(
            {"detail": "Not saved yet: " + "; ".join(problems[:3]) + ".", "problems": problems},
            status=400,
        )
    try:
        audit = _save(request, audit, form)
    except ConflictError:
        return JsonResponse({"detail": CHANGED_ELSEWHERE}, status=409)
    except InvalidInput as error:
        return JsonResponse({"detail": "Not saved yet: " + str(error)}, status=400)
    except ValueError:
        return JsonResponse({"detail": CHANGED_ELSEWHERE}, status=409)
    return JsonResponse(
        {
            "version": audit.version,
            "saved_at": timezone.localtime(clock.now()).strftime("%H:%M"),
            "session_seconds": session_seconds_left(request),
        }
    )


def error_summary(form: ToolForm, submit_form: SubmitForm) -> list[SummaryItem]:
    """One summary for the whole page: the answers' errors by section, then the grade."""
    items = form.summary()
    for error in submit_form.non_field_errors():
        items.append(SummaryItem("#form", str(error)))
    for error in submit_form["grade"].errors:
        items.append(SummaryItem("#id_grade_0", f"Overall grade: {error}"))
    return items


@requires(Perm.VIEW_CASES, object_level=True)
def audit_answer(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = acted_on(request, audit_id)
    if not AUDITS.conducted(request.user, audit):
        raise PermissionDenied(AUDITS.reason(request.user, "answer", audit))
    background = request.method == "POST" and request.POST.get(BACKGROUND) == "1"
    if not AUDITS.may(request.user, "answer", audit):
        reason = AUDITS.reason(request.user, "answer", audit)
        if background:
            return JsonResponse({"detail": reason}, status=409)
        messages.info(request, reason)
        return redirect("audits:detail", audit_id=audit.pk)
    if background:
        # A write, not a reading of the record: it leaves its own trail event.
        return _background_save(request, audit)
    AUDITS.record_reads(request.user, [audit])
    tool = audit.tool.parsed
    submitting = request.POST.get("intent") == "submit"
    draft = ToolForm(tool, request.POST or None, initial=audit.responses, require=False)
    # Submitting checks every required answer; what was typed is saved as a draft even
    # when the submission is refused, so nothing is lost on the way.
    form = ToolForm(tool, request.POST, require=True) if submitting else draft
    submit_form = SubmitForm(
        request.POST if submitting else None, initial={"version": audit.version}
    )
    if request.method == "POST":
        try:
            if draft.is_valid():
                audit = _save(request, audit, draft)
                if not submitting:
                    messages.success(request, "Draft saved.")
                    return redirect("audits:answer", audit_id=audit.pk)
                if form.is_valid() and submit_form.is_valid():
                    services.audit_submit(
                        actor=request.user,
                        audit_id=audit.pk,
                        version=audit.version,
                        grade=submit_form.cleaned_data["grade"],
                    )
                    messages.success(request, "Audit submitted for moderation.")
                    return redirect("audits:detail", audit_id=audit.pk)
        except ConflictError as error:
            form.add_error(None, str(error))
        except InvalidInput as error:
            apply_errors(form, error)
        except ValueError:
            form.add_error(None, "The form was out of date. Reload the page.")
    return render(
        request,
        "audits/answer.html",
        {
            "audit": audit,
            "form": form,
            "submit_form": submit_form,
            "errors": error_summary(form, submit_form) if request.method == "POST" else [],
            "tool": tool,
            "version": audit.version,
            **session_context(request),
            "grade_descriptors": [
                (key, GRADE_LABELS[key], text) for key, text in tool.grade_descriptors.items()
            ],
        },
    )
