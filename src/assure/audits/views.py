"""Pages of the audit cycle: my audits, answering, moderation, the QA unit's cycle work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assure.core import trail
from assure.core.access import requires
from assure.core.case_record import CaseSection, case_section
from assure.core.errors import ConflictError, InvalidInput
from assure.core.home import Panel, PanelItem, home_panel
from assure.core.models import AuditEvent
from assure.core.policy import Access, access_for, has_perm
from assure.core.roles import Perm
from assure.instruments.definitions import GRADE_LABELS
from assure.instruments.forms import ToolForm
from assure.instruments.registry import tool_current
from assure.org.selectors import teams_visible_to

from . import services
from .forms import (
    ActionForm,
    CalendarEntryForm,
    CycleForm,
    InquiryMetaForm,
    ModerationForm,
    SampleForm,
    SubmitForm,
    SwapForm,
)
from .models import Audit, CalendarEntry, Cycle, Sample, SampleItem
from .selectors import (
    audit_for,
    audit_history,
    audits_mine,
    audits_of_practitioner,
    audits_visible_to,
    cycle_progress,
    inquiries_visible_to,
    moderation_queue,
)


def _visible(request: HttpRequest, audit_id: int) -> Audit:
    audit = audit_for(request.user, audit_id)
    if audit is None:
        raise Http404
    return audit


def _apply_errors(form: Any, error: InvalidInput) -> None:
    for key, message in error.errors.items():
        field = key if key in form.fields else None
        text = message["message"] if isinstance(message, dict) else str(message)
        if isinstance(message, dict) and message.get("missing"):
            labels = [
                form.tool.questions[k].label for k in message["missing"] if hasattr(form, "tool")
            ][:5]
            text += " Unanswered: " + "; ".join(labels) if labels else ""
        form.add_error(field, text)


@requires(Perm.VIEW_CASES)
def audit_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    mine = audits_mine(request.user)
    visible = audits_visible_to(request.user)
    shown = visible.filter(status=status) if status in Audit.Status.values else visible
    page = Paginator(shown.order_by("due_date", "id"), 50).get_page(request.GET.get("page"))
    todo = mine.filter(
        auditor_id=request.user.pk, status__in=[Audit.Status.ALLOCATED, Audit.Status.IN_PROGRESS]
    )
    return render(
        request,
        "audits/list.html",
        {
            "page_obj": page,
            "todo": todo[:50],
            "status": status,
            "statuses": Audit.Status.choices,
            "query_without_page": f"status={status}&" if status else "",
            "perms_moderate": has_perm(request.user, Perm.MODERATE),
        },
    )


@requires(Perm.VIEW_CASES)
def audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    from assure.actions.selectors import actions_for_source

    audit = _visible(request, audit_id)
    trail.record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=audit,
        child_ref=audit.case.child.reference,
        summary=f"Viewed audit {audit.pk}",
    )
    tool = audit.tool.parsed
    answered = [
        (section, [(q, audit.responses.get(q.key)) for q in section.questions])
        for section in tool.sections
    ]
    return render(
        request,
        "audits/detail.html",
        {
            "audit": audit,
            "answered": answered,
            "history": audit_history(audit),
            "actions": actions_for_source("audit", str(audit.pk)).select_related("owner"),
            "moderation": getattr(audit, "moderation", None),
            "may_answer": audit.auditor_id == request.user.pk and audit.is_open_for_answers,
            "may_moderate": services.may_moderate(request.user, audit)
            and audit.status in (Audit.Status.SUBMITTED, Audit.Status.IN_MODERATION),
            "grade_labels": GRADE_LABELS,
            "may_reallocate": audit.is_open_for_answers and has_perm(request.user, Perm.RUN_QA),
        },
    )


@requires(Perm.VIEW_CASES, object_level=True)
def audit_answer(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    if audit.auditor_id != request.user.pk:
        raise PermissionDenied
    if not audit.is_open_for_answers:
        messages.info(request, "This audit has been submitted; its answers are final.")
        return redirect("audits:detail", audit_id=audit.pk)
    tool = audit.tool.parsed
    submitting = request.POST.get("intent") == "submit"
    form = ToolForm(tool, request.POST or None, initial=audit.responses, require=submitting)
    submit_form = SubmitForm(
        request.POST if submitting else None, initial={"version": audit.version}
    )
    version_value = request.POST.get("version", audit.version)
    if request.method == "POST" and form.is_valid():
        try:
            version = int(version_value)
            audit = services.audit_save_draft(
                actor=request.user, audit_id=audit.pk, version=version, responses=form.responses()
            )
            if submitting:
                if submit_form.is_valid():
                    services.audit_submit(
                        actor=request.user,
                        audit_id=audit.pk,
                        version=audit.version,
                        grade=submit_form.cleaned_data["grade"],
                    )
                    messages.success(request, "Audit submitted for moderation.")
                    return redirect("audits:detail", audit_id=audit.pk)
            else:
                messages.success(request, "Draft saved.")
                return redirect("audits:answer", audit_id=audit.pk)
        except ConflictError as error:
            form.add_error(None, str(error))
        except InvalidInput as error:
            _apply_errors(form, error)
        except ValueError:
            form.add_error(None, "The form was out of date. Reload the page.")
    return render(
        request,
        "audits/answer.html",
        {
            "audit": audit,
            "form": form,
            "submit_form": submit_form,
            "tool": tool,
            "version": audit.version,
            "grade_descriptors": [
                (key, GRADE_LABELS[key], text) for key, text in tool.grade_descriptors.items()
            ],
        },
    )


@requires(Perm.MODERATE, object_level=True)
def audit_moderate(request: HttpRequest, audit_id: int) -> HttpResponse:
    from assure.actions.selectors import actions_for_source

    audit = _visible(request, audit_id)
    if not services.may_moderate(request.user, audit):
        raise PermissionDenied
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
            _apply_errors(form, error)
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
            "grade_labels": GRADE_LABELS,
            "descriptors": audit.tool.parsed.grade_descriptors,
        },
    )


@requires(Perm.VIEW_CASES, object_level=True)
def audit_action_new(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = get_user_model().objects.filter(username=data["owner"], is_active=True).first()
        if owner is None:
            form.add_error("owner", "No active person has that username.")
        else:
            try:
                services.audit_action_add(
                    actor=request.user,
                    audit_id=audit.pk,
                    description=data["description"],
                    owner=owner,
                    due_date=data["due_date"],
                )
            except InvalidInput as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"Action added for {owner}.")
                return redirect("audits:detail", audit_id=audit.pk)
    return render(request, "audits/action_new.html", {"audit": audit, "form": form})


@requires(Perm.MODERATE, object_level=True)
@require_POST
def audit_finalise(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    try:
        services.audit_finalise(
            actor=request.user, audit_id=audit.pk, version=int(request.POST.get("version", 0))
        )
    except (ConflictError, InvalidInput) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Audit finalised. The service manager and auditor have been "
            "told, and its document is ready.",
        )
    return redirect("audits:detail", audit_id=audit.pk)


@requires(Perm.VIEW_CASES, object_level=True)
def audit_document(request: HttpRequest, audit_id: int, fmt: str) -> HttpResponse:
    from .documents import audit_docx, audit_pdf

    audit = _visible(request, audit_id)
    if fmt not in ("docx", "pdf") or audit.status != Audit.Status.FINALISED:
        raise Http404
    trail.record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=audit,
        child_ref=audit.case.child.reference,
        summary=f"Downloaded the finalised audit {audit.pk} ({fmt})",
    )
    name = f"audit-{audit.pk}-{audit.case.child.reference}"
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
    return render(request, "audits/moderation_queue.html", {"page_obj": page})


# The QA unit's cycle work ------------------------------------------------------


@requires(Perm.RUN_QA)
def cycle_list(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, **form.cleaned_data)
        except InvalidInput as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Created {cycle.label} with its four months.")
            return redirect("audits:cycle", cycle_id=cycle.pk)
    cycles = Cycle.objects.annotate(
        audits_total=Count("audits"),
        audits_finalised=Count("audits", filter=Q(audits__status=Audit.Status.FINALISED)),
    )
    entries = CalendarEntry.objects.select_related("cycle").order_by("starts_on")
    return render(
        request, "audits/cycles.html", {"cycles": cycles, "form": form, "entries": entries}
    )


@requires(Perm.RUN_QA)
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    form = SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sample = services.sample_draw(actor=request.user, cycle=cycle, **form.cleaned_data)
        except InvalidInput as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Drew {sample.items.count()} cases. Review them, swap "
                "any that should not be audited, then allocate.",
            )
            return redirect("audits:sample", sample_id=sample.pk)
    progress = cycle_progress(cycle)
    return render(
        request,
        "audits/cycle.html",
        {
            "cycle": cycle,
            "form": form,
            "samples": cycle.samples.all(),
            "entries": cycle.calendar.all(),
            "progress": progress,
        },
    )


@requires(Perm.RUN_QA)
def calendar_edit(request: HttpRequest, entry_id: int | None = None) -> HttpResponse:
    entry = get_object_or_404(CalendarEntry, pk=entry_id) if entry_id else None
    form = CalendarEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        stored = CalendarEntry.objects.get(pk=entry.pk) if entry else None
        values = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            services.calendar_entry_save(actor=request.user, entry=stored, values=values)
        except InvalidInput as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Calendar saved.")
            return redirect("audits:cycles")
    return render(request, "audits/calendar_edit.html", {"form": form, "entry": entry})


@requires(Perm.RUN_QA)
def sample_detail(request: HttpRequest, sample_id: int) -> HttpResponse:
    sample = get_object_or_404(Sample.objects.select_related("cycle", "drawn_by"), pk=sample_id)
    if request.method == "POST" and request.POST.get("intent") == "allocate":
        try:
            audits = services.sample_allocate(actor=request.user, sample=sample)
        except InvalidInput as error:
            messages.error(request, " ".join(str(v) for v in error.errors.values()))
        else:
            messages.success(request, f"Allocated {len(audits)} audits; auditors have been told.")
            return redirect("audits:cycle", cycle_id=sample.cycle_id)
    items = sample.items.select_related(
        "case__child", "case__allocated_worker", "team", "team__manager", "replaces", "sample"
    )
    teams = (
        sample.items.filter(swapped_out=False)
        .values("team__name")
        .annotate(n=Count("id"))
        .order_by("team__name")
    )
    return render(
        request,
        "audits/sample.html",
        {
            "sample": sample,
            "items": items,
            "teams": teams,
            "swap_form": SwapForm(),
        },
    )


@requires(Perm.RUN_QA)
@require_POST
def sample_swap(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(
        SampleItem.objects.select_related("sample", "case__child", "team"), pk=item_id
    )
    form = SwapForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why this case is being swapped.")
    else:
        try:
            new = services.sample_swap(
                actor=request.user, item=item, reason=form.cleaned_data["reason"]
            )
        except InvalidInput as error:
            messages.error(request, " ".join(str(v) for v in error.errors.values()))
        else:
            messages.success(request, f"Swapped in case {new.case.child.reference}.")
    return redirect("audits:sample", sample_id=item.sample_id)


# Appreciative inquiry -------------------------------------------------------------


@requires(Perm.VIEW_CASES)
def inquiry_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(inquiries_visible_to(request.user), 30).get_page(request.GET.get("page"))
    may_record = has_perm(request.user, Perm.AUDIT_CASES) or has_perm(request.user, Perm.MODERATE)
    return render(request, "audits/inquiries.html", {"page_obj": page, "may_record": may_record})


@requires(Perm.VIEW_CASES)
def inquiry_new(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    teams = teams_visible_to(request.user)
    if not access.all_teams:
        teams = teams.filter(pk__in=sorted(access.team_ids))
    audits = (
        audits_visible_to(request.user)
        .filter(status__in=[Audit.Status.IN_MODERATION, Audit.Status.FINALISED])
        .order_by("-id")[:200]
    )
    tool = tool_current("appreciative_inquiry").parsed
    meta = InquiryMetaForm(
        request.POST or None,
        teams=teams,
        audits=Audit.objects.filter(pk__in=[a.pk for a in audits]).select_related("case__child"),
    )
    form = ToolForm(tool, request.POST or None, require=True)
    if request.method == "POST" and meta.is_valid() and form.is_valid():
        cycle = Cycle.objects.order_by("-starts_on").first()
        try:
            services.inquiry_record(
                actor=request.user,
                team=meta.cleaned_data["team"],
                cycle=cycle,
                kind=meta.cleaned_data["kind"],
                responses=form.responses(),
                audit_ids=[a.pk for a in meta.cleaned_data["audits"]],
            )
        except InvalidInput as error:
            _apply_errors(meta, error)
        except PermissionDenied as error:
            meta.add_error(None, str(error))
        else:
            messages.success(request, "Appreciative inquiry recorded.")
            return redirect("audits:inquiries")
    return render(request, "audits/inquiry_new.html", {"meta": meta, "form": form})


@home_panel
def _audits_panel(user: Any, access: Access) -> Panel | None:
    if Perm.AUDIT_CASES not in access.perms and Perm.MODERATE not in access.perms:
        return None
    todo = list(
        audits_mine(user)
        .filter(auditor=user, status__in=[Audit.Status.ALLOCATED, Audit.Status.IN_PROGRESS])
        .order_by("due_date", "id")[:6]
    )
    moderation = (
        moderation_queue(user).filter(moderator=user).count()
        if Perm.MODERATE in access.perms
        else 0
    )
    items = [
        PanelItem(
            text=f"Audit of case {a.case.child.reference}",
            link=reverse("audits:answer", args=[a.pk]),
            meta=f"{a.get_status_display()}, due {a.due_date:%d %b %Y}",
        )
        for a in todo
    ]
    if moderation:
        items.insert(
            0,
            PanelItem(
                text=f"{moderation} audit{'s' if moderation != 1 else ''} awaiting your moderation",
                link=reverse("audits:moderation"),
            ),
        )
    return Panel(
        key="audits",
        title="Audits waiting for you",
        items=items,
        empty_text="No audits are waiting for you. Allocated audits appear here.",
        more_link=reverse("audits:list"),
        more_text="All audits",
        order=12,
    )


@home_panel
def _practitioner_audits_panel(user: Any, access: Access) -> Panel | None:
    if not (access.own_cases and not access.team_ids and not access.all_teams):
        return None
    audits = list(audits_of_practitioner(user).order_by("due_date")[:5])
    return Panel(
        key="my-audits",
        title="Audits of your cases",
        items=[
            PanelItem(
                text=f"Case {a.case.child.reference} with {a.auditor}",
                link=reverse("audits:detail", args=[a.pk]),
                meta=f"{a.get_status_display()}, due {a.due_date:%d %b %Y}",
            )
            for a in audits
        ],
        empty_text="None of your cases is being audited at the moment.",
        order=14,
    )


@case_section
def _case_audits(user: Any, case: Any) -> CaseSection:
    audits = audits_visible_to(user).filter(case=case).order_by("-allocated_at")[:20]
    return CaseSection(
        key="audits",
        title="Case audits",
        order=10,
        empty_text="This case has not been audited.",
        items=[
            PanelItem(
                text=f"{a.cycle.label if a.cycle else 'Audit'}: {a.get_status_display().lower()}",
                link=reverse("audits:detail", args=[a.pk]),
                meta=(
                    f"Final grade {a.get_final_grade_display().lower()}"
                    if a.final_grade
                    else f"Auditor {a.auditor}"
                ),
            )
            for a in audits
        ],
    )


@requires(Perm.RUN_QA)
@require_POST
def audit_reallocate(request: HttpRequest, audit_id: int) -> HttpResponse:
    """The QA unit gives an audit to another auditing manager."""
    audit = _visible(request, audit_id)
    username = request.POST.get("auditor", "").strip()
    auditor = get_user_model().objects.filter(username=username, is_active=True).first()
    if auditor is None or not has_perm(auditor, Perm.AUDIT_CASES):
        messages.error(
            request, f"Enter the username of an auditing manager ({username!r} is not one)."
        )
        return redirect("audits:detail", audit_id=audit.pk)
    try:
        services.audit_reassign(
            actor=request.user,
            audit_id=audit.pk,
            auditor=auditor,
            version=int(request.POST.get("version", 0)),
        )
    except (ConflictError, InvalidInput) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The audit is now allocated to {auditor}.")
    return redirect("audits:detail", audit_id=audit.pk)
