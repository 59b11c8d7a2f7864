"""Pages that bring meetings in (import, by hand), mid-way reviews, and the QA unit's
consistency audit of chairs' QA."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assure.core import clock
from assure.core.access import requires
from assure.core.errors import InvalidInput
from assure.core.roles import Perm
from assure.instruments.definitions import GRADE_LABELS
from assure.org.models import User
from assure.org.selectors import cases_visible_to

from . import services
from .forms import ChairCheckForm, ChairSampleForm, MeetingForm, MeetingImportForm, MidwayReviewForm
from .importer import meetings_import
from .models import ChairCheck
from .policy import CHECKS, MEETINGS, may_add_meeting, may_import


def _chairs(user: User) -> QuerySet[User]:
    """The chairs this user may enter a meeting for (a chair: themselves)."""
    people = User.objects.filter(
        is_active=True, role_assignments__role__in=("cp_chair", "iro")
    ).distinct()
    allowed = [p.pk for p in people if may_add_meeting(user, p)]
    return User.objects.filter(pk__in=allowed).order_by("last_name", "first_name", "username")


@requires(Perm.VIEW_CASES, object_level=True)
def meeting_new(request: HttpRequest) -> HttpResponse:
    """A conference or review entered by hand (chairs for themselves, the QA unit for anyone)."""
    user = request.user
    assert isinstance(user, User)
    if not may_add_meeting(user):
        raise PermissionDenied
    chairs = _chairs(user)
    form = MeetingForm(request.POST or None, chairs=chairs, initial={"chair": user})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = (
            cases_visible_to(user)
            .filter(child__reference=data["child_ref"].strip())
            .order_by("closed_on", "-opened_on")  # open cases first
            .first()
        )
        chair = data["chair"]
        if data["date"] > clock.today():
            form.add_error("date", "The date is in the future: record meetings once they happen.")
        elif case is None:
            form.add_error("child_ref", "No case you may see has this child reference.")
        else:
            try:
                meeting = services.meeting_create(
                    actor=user,
                    kind=data["kind"],
                    stage=data["stage"],
                    date=data["date"],
                    case=case,
                    chair=chair,
                )
            except InvalidInput as error:
                for key, message in error.errors.items():
                    form.add_error(key if key in form.fields else None, str(message))
            else:
                messages.success(request, "Meeting recorded.")
                return redirect("reviews:meeting", meeting_id=meeting.pk)
    return render(request, "reviews/meeting_new.html", {"form": form})


@requires(Perm.VIEW_HOME, object_level=True)
def meeting_import(request: HttpRequest) -> HttpResponse:
    """The QA unit or an administrator loads meetings from the case management system."""
    if not may_import(request.user):
        raise PermissionDenied
    form = MeetingImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = meetings_import(actor=request.user, data=upload.read(), source=upload.name)
        if result.status == "imported":
            messages.success(request, result.message)
            return redirect("reviews:import")
    return render(request, "reviews/import.html", {"form": form, "result": result})


@requires(Perm.CHAIR_QA, object_level=True)
def midway_review(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Between meetings, the chair checks each decision of the last meeting."""
    meeting = MEETINGS.read(request.user, meeting_id)
    if not MEETINGS.may(request.user, "record_midway", meeting):
        raise PermissionDenied
    previous = meeting.midway_reviews.order_by("-date", "-id").first()
    form = MidwayReviewForm(
        request.POST or None,
        initial={"date": clock.today()},
        initial_items=previous.items if previous else [],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.midway_review_record(
                actor=request.user,
                meeting_id=meeting.pk,
                review_date=data["date"],
                items=data["items"],
                raise_alert=data["raise_alert"],
                concern=data["concern"],
            )
        except InvalidInput as error:
            for key, message in error.errors.items():
                form.add_error(key if key in form.fields else None, str(message))
        else:
            messages.success(request, "Mid-way review recorded.")
            return redirect("reviews:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "reviews/midway.html",
        {"meeting": meeting, "form": form, "previous": previous},
    )


# ------------------------------------------------- chairs' consistency audit


def _month(text: str | None) -> date:
    try:
        return date.fromisoformat(f"{text}-01") if text else clock.today().replace(day=1)
    except ValueError:
        return clock.today().replace(day=1)


@requires(Perm.RUN_QA)
def chair_checks(request: HttpRequest) -> HttpResponse:
    """Sample chairs' meetings for the month's consistency audit, and see the agreement."""
    month = _month(request.GET.get("month"))
    form = ChairSampleForm(
        request.POST or None, initial={"month": month, "per_chair": 2, "seed": month.month}
    )
    if request.method == "POST" and form.is_valid():
        drawn = services.chair_checks_draw(
            actor=request.user,
            month=form.cleaned_data["month"],
            per_chair=form.cleaned_data["per_chair"],
            seed=form.cleaned_data["seed"],
        )
        messages.success(
            request, f"Drew {len(drawn)} meeting{'s' if len(drawn) != 1 else ''} to check."
        )
        return redirect(f"{request.path}?month={form.cleaned_data['month']:%Y-%m}")
    checks = CHECKS.visible_to(request.user).filter(month=month).select_related("checker")
    by_chair = (
        CHECKS.visible_to(request.user)
        .filter(month__year=month.year)
        .values("qa__meeting__chair__first_name", "qa__meeting__chair__last_name")
        .annotate(
            drawn=Count("pk"),
            checked=Count("pk", filter=Q(checked_at__isnull=False)),
            agreed=Count("pk", filter=Q(decision=ChairCheck.Decision.AGREE)),
        )
        .order_by("qa__meeting__chair__last_name", "qa__meeting__chair__first_name")
    )
    return render(
        request,
        "reviews/checks.html",
        {
            "form": form,
            "month": month,
            "page_obj": Paginator(checks, 100).get_page(request.GET.get("page")),
            "by_chair": [
                {
                    "name": f"{r['qa__meeting__chair__first_name']} "
                    f"{r['qa__meeting__chair__last_name']}",
                    "drawn": r["drawn"],
                    "checked": r["checked"],
                    "agreed": r["agreed"],
                    "rate": round(100 * r["agreed"] / r["checked"]) if r["checked"] else None,
                }
                for r in by_chair
            ],
            "grade_labels": GRADE_LABELS,
        },
    )


@requires(Perm.RUN_QA, object_level=True)
def chair_check(request: HttpRequest, check_id: int) -> HttpResponse:
    check = CHECKS.read(request.user, check_id)
    form = ChairCheckForm(request.POST or None)
    if request.method == "POST" and check.checked_at is None and form.is_valid():
        try:
            services.chair_check_record(
                actor=request.user,
                check_id=check.pk,
                decision=form.cleaned_data["decision"],
                grade=form.cleaned_data["grade"],
                note=form.cleaned_data["note"],
            )
        except InvalidInput as error:
            for key, message in error.errors.items():
                form.add_error(key if key in form.fields else None, str(message))
        else:
            messages.success(request, "Check recorded and shared with the chair.")
            return redirect(f"{_checks_url()}?month={check.month:%Y-%m}")
    qa = check.qa
    tool = qa.tool.parsed
    answered = [(s, [(q, qa.responses.get(q.key)) for q in s.questions]) for s in tool.sections]
    return render(
        request,
        "reviews/check.html",
        {"check": check, "qa": qa, "meeting": qa.meeting, "answered": answered, "form": form},
    )


def _checks_url() -> str:
    from django.urls import reverse

    return reverse("reviews:checks")
