"""The QA unit's cycle work: cycles, the calendar, samples and their allocation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assure.core.access import requires
from assure.core.errors import InvalidInput
from assure.core.listing import Column, Sorting, page_of, query_without_page
from assure.core.roles import Perm

from .. import services
from ..first_cycle import cycle_defaults, first_cycle_for
from ..forms import CalendarEntryForm, CycleForm, SampleForm, SwapForm
from ..models import Audit, CalendarEntry, SampleItem
from ..policy import CALENDAR, CYCLES, SAMPLES
from ..selectors import cycle_progress
from .common import apply_errors, error_text


@requires(Perm.RUN_QA)
def cycle_list(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None, initial=cycle_defaults(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, **form.cleaned_data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Created {cycle.label} with its four months.")
            return redirect("audits:cycle", cycle_id=cycle.pk)
    cycles = CYCLES.visible_to(request.user).annotate(
        audits_total=Count("audits"),
        audits_finalised=Count("audits", filter=Q(audits__status=Audit.Status.FINALISED)),
    )
    entries = CALENDAR.visible_to(request.user).select_related("cycle").order_by("starts_on")
    return render(
        request,
        "audits/cycles.html",
        {
            "cycles": cycles,
            "form": form,
            "entries": entries,
            "first_cycle": first_cycle_for(request.user),
        },
    )


@requires(Perm.RUN_QA)
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = CYCLES.read(request.user, cycle_id)
    form = SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sample = services.sample_draw(actor=request.user, cycle=cycle, **form.cleaned_data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Drew {sample.items.count()} cases. Review them, swap "
                "any that should not be audited, then allocate.",
            )
            return redirect("audits:sample", sample_id=sample.pk)
    return render(
        request,
        "audits/cycle.html",
        {
            "cycle": cycle,
            "form": form,
            "samples": cycle.samples.all(),
            "entries": cycle.calendar.all(),
            "progress": cycle_progress(cycle),
        },
    )


@requires(Perm.RUN_QA)
def calendar_edit(request: HttpRequest, entry_id: int | None = None) -> HttpResponse:
    entry = CALENDAR.read(request.user, entry_id) if entry_id else None
    form = CalendarEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        # The form wrote its values onto `entry`; the service compares with the stored row.
        stored = CalendarEntry.objects.get(pk=entry.pk) if entry else None
        values = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            services.calendar_entry_save(actor=request.user, entry=stored, values=values)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Calendar saved.")
            return redirect("audits:cycles")
    return render(request, "audits/calendar_edit.html", {"form": form, "entry": entry})


SAMPLE_SORTING = Sorting(
    columns=(
        Column("case", "Case", ("case__child__reference",)),
        Column("team", "Team", ("team__name", "draw")),
        Column("people", "Auditor and practitioner"),
        Column("why", "Why this case"),
    ),
    default="team",
    tiebreak="id",
)


@requires(Perm.RUN_QA)
def sample_detail(request: HttpRequest, sample_id: int) -> HttpResponse:
    rows = SAMPLES.base_queryset().select_related("cycle", "drawn_by")
    sample = SAMPLES.read(request.user, sample_id, queryset=rows)
    if request.method == "POST" and request.POST.get("intent") == "allocate":
        try:
            audits = services.sample_allocate(actor=request.user, sample=sample)
        except (InvalidInput, PermissionDenied) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"Allocated {len(audits)} audits; auditors have been told.")
            return redirect("audits:cycle", cycle_id=sample.cycle_id)
    teams = list(
        sample.items.filter(swapped_out=False)
        .values("team_id", "team__name")
        .annotate(n=Count("id"))
        .order_by("team__name")
    )
    items = sample.items.select_related(
        "case__child", "case__allocated_worker", "team", "team__manager", "replaces", "sample"
    )
    team_id = next(
        (t["team_id"] for t in teams if str(t["team_id"]) == request.GET.get("team")), None
    )
    if team_id is not None:
        items = items.filter(team_id=team_id)
    sorted_by = SAMPLE_SORTING.choose(request)
    # A sample holds hundreds of cases: a page of them at a time, with the counts by team above.
    page = page_of(request, items.order_by(*sorted_by.order_by), 50)
    return render(
        request,
        "audits/sample.html",
        {
            "sample": sample,
            "page_obj": page,
            "teams": teams,
            "team_id": team_id,
            "sorted": sorted_by,
            "query_without_page": query_without_page(request),
            "swap_form": SwapForm(),
        },
    )


@requires(Perm.RUN_QA)
@require_POST
def sample_swap(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(
        SampleItem.objects.filter(sample__in=SAMPLES.visible_to(request.user)).select_related(
            "sample", "case__child", "team"
        ),
        pk=item_id,
    )
    form = SwapForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why this case is being swapped.")
    else:
        try:
            new = services.sample_swap(
                actor=request.user, item=item, reason=form.cleaned_data["reason"]
            )
        except (InvalidInput, PermissionDenied) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"Swapped in case {new.case.child.reference}.")
    return redirect("audits:sample", sample_id=item.sample_id)
