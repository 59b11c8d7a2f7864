"""Pages for chairs, reviewing officers and the managers their QA reaches."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assure.core.access import requires
from assure.core.case_record import CaseSection, case_section
from assure.core.errors import InvalidInput
from assure.core.forms import form_summary
from assure.core.home import PanelItem
from assure.core.listing import Column, Sorting, page_of, query_without_page
from assure.core.middleware import session_context
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.instruments.forms import ToolForm
from assure.instruments.registry import tool_current
from assure.org.models import Team

from . import services
from .forms import AlertTextForm, MeetingQAForm
from .models import Meeting, PracticeAlert
from .policy import ALERTS, CHECKS, MEETINGS, may_add_meeting, may_import
from .selectors import (
    alerts_visible_to,
    appreciations_visible_to,
    meetings_awaiting_qa,
    meetings_due_midway,
    meetings_visible_to,
)
from .stages import STAGES

MEETING_SORTING = Sorting(
    columns=(
        Column("date", "Date", ("date",), first_descending=True),
        Column("kind", "Meeting", ("kind",)),
        Column("case", "Case", ("case__child__reference",)),
        Column("team", "Team", ("team__name",)),
        Column("chair", "Chair", ("chair__last_name", "chair__first_name")),
        Column("qa", "QA", ("qa__grade",)),
    ),
    default="-date",
)
MEETING_QA = {"": "Any", "awaiting": "Awaiting QA", "done": "Quality-assured"}


@requires(Perm.VIEW_CASES)
def meeting_list(request: HttpRequest) -> HttpResponse:
    is_chair = has_perm(request.user, Perm.CHAIR_QA)
    awaiting = list(meetings_awaiting_qa(request.user)[:100]) if is_chair else []
    midway_due = list(meetings_due_midway(request.user)[:20]) if is_chair else []
    visible = meetings_visible_to(request.user)
    recent = visible.select_related("qa")
    qa = request.GET.get("qa", "")
    if qa not in MEETING_QA:
        qa = ""
    if qa:
        recent = recent.filter(qa__isnull=qa == "awaiting")
    kind = request.GET.get("kind", "")
    if kind in Meeting.Kind.values:
        recent = recent.filter(kind=kind)
    else:
        kind = ""
    sorted_by = MEETING_SORTING.choose(request)
    page = page_of(request, recent.order_by(*sorted_by.order_by), 50)
    # Every child reference the page shows is in the trail, as one event.
    MEETINGS.record_reads(
        request.user,
        {m.pk: m for m in [*awaiting, *midway_due, *page]}.values(),
        what="Listed conferences and reviews",
    )
    return render(
        request,
        "reviews/meetings.html",
        {
            "awaiting": awaiting,
            "page_obj": page,
            "sorted": sorted_by,
            "qa": qa,
            "qa_choices": MEETING_QA,
            "kind": kind,
            "kinds": Meeting.Kind.choices,
            "query_without_page": query_without_page(request),
            "midway_due": midway_due,
            "may_add": may_add_meeting(request.user),
            "may_import": may_import(request.user),
            "may_check": CHECKS.may_draw(request.user),
        },
    )


@requires(Perm.VIEW_CASES, object_level=True)
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = MEETINGS.read(request.user, meeting_id)
    qa = getattr(meeting, "qa", None)
    may_record = qa is None and MEETINGS.may(request.user, "record_qa", meeting)
    tool = tool_current(meeting.tool_key).parsed if qa is None else qa.tool.parsed
    form = ToolForm(tool, request.POST or None, require=True) if may_record else None
    meta = MeetingQAForm(request.POST or None) if may_record else None
    if request.method == "POST":
        if not may_record or form is None or meta is None:
            raise PermissionDenied
        if form.is_valid() and meta.is_valid():
            try:
                services.meeting_qa_record(
                    actor=request.user,
                    meeting_id=meeting.pk,
                    responses=form.responses(),
                    grade=meta.cleaned_data["grade"],
                    urgent=meta.cleaned_data["urgent"],
                    concern=meta.cleaned_data["concern"],
                )
            except InvalidInput as error:
                for key, message in error.errors.items():
                    target = meta if key in meta.fields else form
                    target.add_error(
                        key if key in target.fields else None,
                        message["message"] if isinstance(message, dict) else str(message),
                    )
            else:
                messages.success(
                    request, "QA recorded and shared with the practitioner and their manager."
                )
                return redirect("reviews:meeting", meeting_id=meeting.pk)
    answered = None
    if qa is not None:
        answered = [(s, [(q, qa.responses.get(q.key)) for q in s.questions]) for s in tool.sections]
    return render(
        request,
        "reviews/meeting.html",
        {
            "meeting": meeting,
            "qa": qa,
            "form": form,
            "meta": meta,
            "errors": [*form.summary(), *form_summary(meta)]
            if form and meta and form.is_bound
            else [],
            **session_context(request),
            "answered": answered,
            "descriptors": tool.grade_descriptors,
            "alerts": meeting.alerts.all(),
            "midway_reviews": meeting.midway_reviews.all(),
            "may_midway": qa is not None and MEETINGS.may(request.user, "record_midway", meeting),
        },
    )


ALERT_SORTING = Sorting(
    columns=(
        Column("case", "Case", ("meeting__case__child__reference",)),
        Column("team", "Team", ("team__name",)),
        Column("concern", "Concern"),
        Column("stage", "Stage", ("stage",), numeric=True),
        Column("owner", "Who must respond", ("owner__last_name", "owner__first_name")),
        Column("raised", "Raised", ("created",), first_descending=True),
        Column("due", "Due", ("due",)),
        Column("status", "Status", ("status",)),
    ),
    default="-raised",
)
ALERT_STATUSES = {"open": "Open", "resolved": "Resolved", "all": "Open and resolved"}


@requires(Perm.VIEW_CASES)
def alert_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in ALERT_STATUSES:
        status = "open"
    # Everything below narrows the alerts' record policy, so a search or a filter can only
    # find alerts this user may already see.
    visible = alerts_visible_to(request.user)
    alerts = visible
    if status == "resolved":
        alerts = alerts.filter(status=PracticeAlert.Status.RESOLVED)
    elif status == "open":
        alerts = alerts.exclude(status=PracticeAlert.Status.RESOLVED)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        alerts = alerts.filter(meeting__case__child__reference__icontains=q)
    teams = list(Team.objects.filter(pk__in=visible.values("team_id")).order_by("name"))
    team_id = next((t.pk for t in teams if str(t.pk) == request.GET.get("team")), None)
    if team_id is not None:
        alerts = alerts.filter(team_id=team_id)
    sorted_by = ALERT_SORTING.choose(request)
    page = page_of(request, alerts.order_by(*sorted_by.order_by), 50)
    # The list names the child of each alert, so what it showed is in the trail.
    ALERTS.record_reads(request.user, page, what="Listed practice alerts")
    return render(
        request,
        "reviews/alerts.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": ALERT_STATUSES,
            "q": q,
            "teams": teams,
            "team_id": team_id,
            "sorted": sorted_by,
            "stages": STAGES,
            "query_without_page": query_without_page(request),
        },
    )


@requires(Perm.VIEW_CASES, object_level=True)
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = ALERTS.read(request.user, alert_id)
    still_open = alert.status != PracticeAlert.Status.RESOLVED
    may_respond = still_open and ALERTS.may(request.user, "respond", alert)
    may_resolve = still_open and ALERTS.may(request.user, "resolve", alert)
    form = AlertTextForm(request.POST or None)
    if request.method == "POST":
        intent = request.POST.get("intent")
        if not ((intent == "respond" and may_respond) or (intent == "resolve" and may_resolve)):
            raise PermissionDenied
        if form.is_valid():
            run = services.alert_respond if intent == "respond" else services.alert_resolve
            try:
                run(actor=request.user, alert_id=alert.pk, text=form.cleaned_data["text"])
            except InvalidInput as error:
                form.add_error("text", " ".join(str(v) for v in error.errors.values()))
            else:
                messages.success(
                    request, "Response recorded." if intent == "respond" else "Alert resolved."
                )
                return redirect("reviews:alert", alert_id=alert.pk)
    return render(
        request,
        "reviews/alert.html",
        {
            "alert": alert,
            "events": alert.events.select_related("actor", "owner"),
            "form": form,
            "may_respond": may_respond,
            "may_resolve": may_resolve,
            "stage_label": STAGES.get(alert.stage, ""),
            # The owner of a stage sees the alert without necessarily seeing the meeting:
            # the link is offered only where it opens.
            "meeting_visible": MEETINGS.visible_to(request.user)
            .filter(pk=alert.meeting_id)
            .exists(),
        },
    )


@requires(Perm.VIEW_CASES)
def appreciation_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, appreciations_visible_to(request.user), 30)
    return render(request, "reviews/appreciations.html", {"page_obj": page})


@case_section
def _case_meetings(user: Any, case: Any) -> CaseSection:
    meetings = (
        meetings_visible_to(user).filter(case=case).select_related("qa").order_by("-date")[:20]
    )
    return CaseSection(
        key="meetings",
        title="Conferences and reviews",
        order=20,
        empty_text="No conference or review is recorded for this case.",
        items=[
            PanelItem(
                text=f"{m.get_kind_display()}, {m.date:%d %b %Y}",
                link=reverse("reviews:meeting", args=[m.pk]),
                meta=(
                    f"Chair's QA: {m.qa.get_grade_display().lower()}"
                    if hasattr(m, "qa")
                    else "Chair's QA not yet recorded"
                ),
            )
            for m in meetings
        ],
    )
