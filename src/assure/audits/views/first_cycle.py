"""The guided first cycle: from the calendar to a first sample and its allocations.

Three steps, each on its own page with the task list showing where the QA unit
is: create the cycle (filled in from the authority's settings), draw the month 1
sample (and see why each case is in it), allocate the audits to team managers.
Each step calls the same service as the cycle and sample pages, so the guided
path and the ordinary pages can never disagree about a sample.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assure.core.access import requires
from assure.core.errors import InvalidInput
from assure.core.home import Panel, PanelItem, has_qa_home, home_panel
from assure.core.policy import Access
from assure.core.roles import Perm
from assure.org.models import Team

from .. import services
from ..first_cycle import STEPS, FirstCycle, cycle_defaults, first_cycle_for
from ..forms import CycleForm, FirstSampleForm
from ..models import Sample
from ..policy import CYCLES, SAMPLES
from .common import apply_errors, error_text

SHOWN_CASES = 50


def _steps(progress: FirstCycle | None, here: int) -> list[dict[str, Any]]:
    """The task list: each step's name, state and link (only to steps that can be done)."""
    now = progress.step if progress else 4
    links = {1: reverse("audits:first-cycle-create")}
    if progress and progress.cycle:
        links[2] = reverse("audits:first-cycle-sample", args=[progress.cycle.pk])
    if progress and progress.sample:
        links[3] = reverse("audits:first-cycle-allocate", args=[progress.sample.pk])
    return [
        {
            "number": number,
            "title": title,
            "state": "done" if number < now else ("next" if number == now else "later"),
            "link": links.get(number, "") if number == now or number < now else "",
            "here": number == here,
        }
        for number, title in STEPS
    ]


def _page(request: HttpRequest, template: str, here: int, **context: Any) -> HttpResponse:
    progress = first_cycle_for(request.user)
    context.update(progress=progress, steps=_steps(progress, here), here=here)
    return render(request, f"audits/first_cycle/{template}", context)


@requires(Perm.RUN_QA)
def first_cycle_start(request: HttpRequest) -> HttpResponse:
    return _page(request, "start.html", 0)


@requires(Perm.RUN_QA)
def first_cycle_create(request: HttpRequest) -> HttpResponse:
    progress = first_cycle_for(request.user)
    if progress is None or progress.cycle is not None:
        # Done already: the page says so and leads on, rather than creating a second cycle.
        return _page(request, "create.html", 1, form=None)
    form = CycleForm(request.POST or None, initial=cycle_defaults(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, **form.cleaned_data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Created {cycle.label} with its four months.")
            return redirect("audits:first-cycle-sample", cycle_id=cycle.pk)
    return _page(request, "create.html", 1, form=form)


@requires(Perm.RUN_QA)
def first_cycle_sample(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = CYCLES.read(request.user, cycle_id)
    drawn = cycle.samples.order_by("round").first()
    if drawn is not None:
        return _page(request, "sample.html", 2, form=None, cycle=cycle, drawn=drawn)
    form = FirstSampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sample = services.sample_draw(
                actor=request.user, cycle=cycle, round=1, **form.cleaned_data
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Drew {sample.items.count()} cases for month 1.")
            return redirect("audits:first-cycle-allocate", sample_id=sample.pk)
    return _page(request, "sample.html", 2, form=form, cycle=cycle)


@requires(Perm.RUN_QA)
def first_cycle_allocate(request: HttpRequest, sample_id: int) -> HttpResponse:
    rows = SAMPLES.base_queryset().select_related("cycle", "drawn_by")
    sample = SAMPLES.read(request.user, sample_id, queryset=rows)
    if request.method == "POST" and sample.status == Sample.Status.DRAFT:
        try:
            audits = services.sample_allocate(actor=request.user, sample=sample)
        except (InvalidInput, PermissionDenied) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"Allocated {len(audits)} audits; auditors have been told.")
            return redirect("audits:first-cycle")
    kept = sample.items.filter(swapped_out=False)
    teams: list[dict[str, Any]] = [
        dict(row)
        for row in kept.values("team_id", "team__name", "stratum_size", "stratum_quota")
        .annotate(n=Count("id"))
        .order_by("team__name")
    ]
    managers = {
        t.pk: t.manager
        for t in Team.objects.filter(pk__in=[t["team_id"] for t in teams]).select_related("manager")
    }
    for team in teams:
        team["manager"] = managers.get(team["team_id"])
    items = kept.select_related("case__child", "team", "sample").order_by("team__name", "draw")
    return _page(
        request,
        "allocate.html",
        3,
        sample=sample,
        teams=teams,
        without_manager=[t["team__name"] for t in teams if not t["manager"]],
        items=items[:SHOWN_CASES],
        total=kept.count(),
    )


@home_panel
def first_cycle_panel(user: Any, access: Access) -> Panel | None:
    """On the QA unit's home until its first sample is allocated."""
    if Perm.RUN_QA not in access.perms or not has_qa_home(access):
        return None
    progress = first_cycle_for(user)
    if progress is None or progress.step > 3:
        return None
    started = progress.step > 1
    return Panel(
        key="first-cycle",
        title="Continue your first audit cycle" if started else "Start your first audit cycle",
        empty_text="",
        items=[
            PanelItem(text=f"{n}. {title}", meta="Done" if n < progress.step else "")
            for n, title in STEPS
        ],
        more_link=reverse("audits:first-cycle"),
        more_text="Continue" if started else "Start your first audit cycle",
        order=5,
    )
