"""Pages of one audit's life: the list, the audit, moderating, finalising (answering is
in `answer.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.listing import Column, Sorting, page_of, query_without_page
from assure.core.roles import Perm
from assure.instruments.definitions import GRADE_LABELS
from assure.org.models import Team

from .. import services
from ..forms import ActionForm, ModerationForm, ReallocateForm
from ..models import Audit
from ..policy import AUDITS
from ..selectors import (
    audit_history,
    audits_to_answer,
    audits_visible_to,
    moderation_queue,
    row_id,
)
from .common import acted_on, answers_of, apply_errors, error_text, shown

AUDIT_SORTING = Sorting(
    columns=(
        Column("case", "Case", ("case__child__reference",)),
        Column("team", "Team", ("team__name",)),
        Column("auditor", "Auditor", ("auditor__last_name", "auditor__first_name")),
        Column("status", "Status", ("status",)),
        Column("allocated", "Allocated", ("allocated_at",), first_descending=True),
        Column("due", "Due", ("due_date",), first_descending=True),
        Column("grade", "Grade", ("final_grade", "auditor_grade")),
    ),
    default="-allocated",
)


@requires(Perm.VIEW_CASES)
def audit_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    visible = audits_visible_to(request.user)
    listed = visible.filter(status=status) if status in Audit.Status.values else visible
    teams = list(Team.objects.filter(pk__in=visible.values("team_id")).order_by("name"))
    team_id = next((t.pk for t in teams if str(t.pk) == request.GET.get("team")), None)
    if team_id is not None:
        listed = listed.filter(team_id=team_id)
    sorted_by = AUDIT_SORTING.choose(request)
    page = page_of(request, listed.order_by(*sorted_by.order_by), 50)
    todo = list(audits_to_answer(request.user)[:50])
    AUDITS.record_reads(request.user, [*todo, *page], what="Listed audits")
    return render(
        request,
        "audits/list.html",
        {
            "page_obj": page,
            "todo": todo,
            "status": status,
            "statuses": Audit.Status.choices,
            "teams": teams,
            "team_id": team_id,
            "sorted": sorted_by,
            "query_without_page": query_without_page(request),
            "perms_moderate": AUDITS.may_queue(request.user),
        },
    )


@requires(Perm.VIEW_CASES)
def audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    from assure.actions.selectors import actions_for_source

    audit = shown(request, audit_id)
    answered = answers_of(audit)
    user = request.user
    may_reallocate = AUDITS.may(user, "reallocate", audit)
    return render(
        request,
        "audits/detail.html",
        {
            "audit": audit,
            "answered": answered,
            "history": audit_history(audit),
            "actions": actions_for_source("audit", str(audit.pk)).select_related("owner"),
            "moderation": getattr(audit, "moderation", None),
            "may_answer": AUDITS.may(user, "answer", audit),
            "may_moderate": AUDITS.may(user, "moderate", audit),
            "may_finalise": AUDITS.may(user, "finalise", audit),
            "may_add_action": AUDITS.may(user, "add_action", audit),
            "may_reallocate": may_reallocate,
            "reallocate_form": ReallocateForm() if may_reallocate else None,
            "grade_labels": GRADE_LABELS,
        },
    )


@requires(Perm.MODERATE, object_level=True)
def audit_moderate(request: HttpRequest, audit_id: int) -> HttpResponse:
    from assure.actions.selectors import actions_for_source

    audit = shown(request, audit_id, action="moderate")
    actions = list(actions_for_source("audit", str(audit.pk)).select_related("owner"))
    form = ModerationForm(request.POST or None, actions=actions, initial={"version": audit.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.moderation_record(
                actor=request.user,
                audit_id=audit.pk,
                version=data["version"],
                decision=data["decision"],
                grade=data["grade"],
                reason=data["reason"],
                notes=data["notes"],
                meeting_date=data["meeting_date"],
                checks=form.checks(),
            )
        except ConflictError as error:
            form.add_error(None, str(error))
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, "Moderation recorded. Add any further actions, then finalise."
            )
            return redirect("audits:detail", audit_id=audit.pk)
    return render(
        request,
        "audits/moderate.html",
        {
            "audit": audit,
            "form": form,
            "actions": actions,
            "answered": answers_of(audit),
            "grade_labels": GRADE_LABELS,
            "descriptors": audit.tool.parsed.grade_descriptors,
        },
    )


@requires(Perm.VIEW_CASES, object_level=True)
def audit_action_new(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = shown(request, audit_id, action="add_action")
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.audit_action_add(
                actor=request.user,
                audit_id=audit.pk,
                description=data["description"],
                owner=data["owner"],
                due_date=data["due_date"],
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Action added for {data['owner']}.")
            return redirect("audits:detail", audit_id=audit.pk)
    return render(request, "audits/action_new.html", {"audit": audit, "form": form})


def _version(request: HttpRequest) -> int:
    """The version a form posted; a missing or garbled one is stale (0), never a 500."""
    value = row_id(request.POST.get("version"))
    return value or 0


@requires(Perm.MODERATE, object_level=True)
@require_POST
def audit_finalise(request: HttpRequest, audit_id: int) -> HttpResponse:
    """Finalising cannot be undone, so the audit page's button asks first: a post without
    `confirm` shows what will happen; the confirmation's own button finalises."""
    audit = acted_on(request, audit_id)
    if request.POST.get("confirm") != "yes":
        if not AUDITS.may(request.user, "finalise", audit):
            messages.error(request, AUDITS.reason(request.user, "finalise", audit))
            return redirect("audits:detail", audit_id=audit.pk)
        AUDITS.record_reads(request.user, [audit])
        return render(
            request,
            "audits/finalise_confirm.html",
            {"audit": audit, "moderation": getattr(audit, "moderation", None)},
        )
    try:
        services.audit_finalise(actor=request.user, audit_id=audit.pk, version=_version(request))
    except (ConflictError, InvalidInput, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            "Audit finalised. The service manager and auditor have been "
            "told, and its document is ready.",
        )
    return redirect("audits:detail", audit_id=audit.pk)


@requires(Perm.VIEW_CASES, object_level=True)
def audit_document(request: HttpRequest, audit_id: int, fmt: str) -> HttpResponse:
    from ..documents import audit_docx, audit_pdf

    audit = acted_on(request, audit_id)
    if fmt not in ("docx", "pdf") or not AUDITS.may(request.user, "download", audit):
        raise Http404
    AUDITS.record_export(
        request.user, audit, what=f"Downloaded the finalised audit {audit.pk} ({fmt})"
    )
    name = f"audit-{audit.pk}-{AUDITS.child_ref(audit)}"
    if fmt == "pdf":
        response = HttpResponse(audit_pdf(audit), content_type="application/pdf")
    else:
        response = HttpResponse(
            audit_docx(audit),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@requires(Perm.MODERATE)
def moderation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(moderation_queue(request.user), 25).get_page(request.GET.get("page"))
    AUDITS.record_reads(request.user, page, what="Listed audits awaiting moderation")
    return render(request, "audits/moderation_queue.html", {"page_obj": page})


@requires(Perm.RUN_QA)
@require_POST
def audit_reallocate(request: HttpRequest, audit_id: int) -> HttpResponse:
    """The QA unit gives an audit to another auditing manager."""
    audit = acted_on(request, audit_id)
    form = ReallocateForm(request.POST)
    if not form.is_valid():
        for bound in form:
            for error in bound.errors:
                messages.error(request, f"{bound.label}: {error}")
        return redirect("audits:detail", audit_id=audit.pk)
    auditor = form.cleaned_data["auditor"]
    try:
        services.audit_reassign(
            actor=request.user,
            audit_id=audit.pk,
            auditor=auditor,
            version=_version(request),
        )
    except (ConflictError, InvalidInput, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"The audit is now allocated to {auditor}.")
    return redirect("audits:detail", audit_id=audit.pk)
