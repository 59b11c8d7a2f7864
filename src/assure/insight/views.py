"""Performance pages: Annex A uploads, indicators, glossary, benchmarks and exports.

Thin views: reads through `selectors`, writes through the services in
`tasks` and `team_mapping`. Every figure shown is a stored output row of the
latest snapshot; child references appear only on the drill-down page, for
teams in the user's scope, and each look is audited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from assure.core import trail
from assure.core.access import requires
from assure.core.home import Panel, PanelItem, home_panel
from assure.core.models import AuditEvent
from assure.core.policy import Access
from assure.core.roles import Perm
from assure.org.models import Team

from . import exports, selectors
from .benchmarks import (
    ATTRIBUTION,
    BENCHMARK_INDICATORS,
    BenchmarkError,
    benchmark,
    benchmark_series,
    load_data,
)
from .forms import AnnexAUploadForm, BenchmarkChoiceForm, TeamMappingForm
from .indicators import part_a
from .tasks import import_job_create, refresh_after_mapping
from .team_mapping import may_map_teams, team_mapping_save

PROBLEMS_PER_PAGE = 100


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode() + "&" if query else ""


def _indicator_or_404(indicator_id: str) -> Any:
    found = selectors.registry().get(indicator_id)
    if found is None:
        raise Http404
    return found


# ------------------------------------------------------------------ indicators


@requires(Perm.VIEW_AGGREGATES)
def home(request: HttpRequest) -> HttpResponse:
    run = selectors.current_run()
    return render(
        request,
        "insight/home.html",
        {
            "run": run,
            "snapshot": run.snapshot if run else None,
            "figures": selectors.la_figures(run),
            "can_import": Perm.IMPORT_DATA in _perms(request),
        },
    )


def _perms(request: HttpRequest) -> frozenset[Perm]:
    from assure.core.policy import access_for

    return access_for(request.user).perms


@requires(Perm.VIEW_AGGREGATES)
def indicator_detail(request: HttpRequest, indicator_id: str) -> HttpResponse:
    ind = _indicator_or_404(indicator_id)
    run = selectors.current_run()
    by_level = selectors.indicator_figures(request.user, run, ind)
    levels = [(key, label, by_level.get(key, [])) for key, label in selectors.LEVELS if key != "la"]
    la = by_level.get("la", [])
    return render(
        request,
        "insight/indicator.html",
        {
            "indicator": ind,
            "unit_label": selectors.UNIT_LABELS.get(ind.unit, ind.unit),
            "polarity_label": selectors.POLARITY_LABELS.get(ind.polarity, ind.polarity),
            "run": run,
            "snapshot": run.snapshot if run else None,
            "la": la[0] if la else None,
            "levels": levels,
            "sees_children": Perm.VIEW_CASES in _perms(request),
        },
    )


@requires(Perm.VIEW_CASES)
def indicator_children(request: HttpRequest, indicator_id: str, team_id: int) -> HttpResponse:
    ind = _indicator_or_404(indicator_id)
    found = selectors.drillable_team(request.user, team_id)
    if found is None:
        raise Http404  # never say whether a team outside your scope has children listed
    team, worker = found
    if not ind.has_teams:
        raise Http404
    run = selectors.current_run()
    rows = selectors.drilldown_rows(run, ind, team, worker) if run is not None else []
    figure = None
    if run is not None:
        names = set(selectors.annex_names_for_team(team, selectors.team_names(run)))
        figure = [
            r
            for r in selectors.indicator_rows(run, indicator=ind.id, level="team")
            if r["unit"] in names
        ]
        trail.record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            summary=(
                f"Viewed the {len(rows)} children behind {ind.id} for {team.name} "
                f"(Annex A as at {run.snapshot.as_of.isoformat()})"
            ),
            object_type="insight.indicator",
            object_id=ind.id,
        )
    return render(
        request,
        "insight/children.html",
        {
            "indicator": ind,
            "team": team,
            "own_only": worker is not None,
            "run": run,
            "snapshot": run.snapshot if run else None,
            "rows": rows,
            "figures": figure or [],
            "limited": len(rows) >= 5000,
        },
    )


@requires(Perm.VIEW_AGGREGATES)
def glossary(request: HttpRequest) -> HttpResponse:
    part_a_entries = [
        {
            "indicator": ind,
            "unit_label": selectors.UNIT_LABELS.get(ind.unit, ind.unit),
            "polarity_label": selectors.POLARITY_LABELS.get(ind.polarity, ind.polarity),
            "levels": ", ".join(
                selectors.LEVEL_LABELS.get(lv, lv)
                for lv in (
                    ["la", "area", "district", "service", "team"] if ind.has_teams else ["la"]
                )
            ),
        }
        for ind in part_a()
    ]
    part_b_entries = [
        {
            "indicator": ind,
            "unit_label": selectors.UNIT_LABELS.get(ind.unit, ind.unit),
            "polarity_label": selectors.POLARITY_LABELS.get(ind.polarity, ind.polarity),
        }
        for ind in BENCHMARK_INDICATORS
    ]
    return render(
        request,
        "insight/glossary.html",
        {"part_a": part_a_entries, "part_b": part_b_entries, "attribution": ATTRIBUTION},
    )


# ------------------------------------------------------------------ benchmarks


def _benchmark_choices() -> tuple[list[tuple[str, str]], list[int]]:
    data = load_data()
    authorities = [(a.code, f"{a.name or a.code} ({a.code})") for a in data.authorities()]
    return authorities, list(data.years)


def _default_la() -> str:
    return str(getattr(settings, "ASSURE_LA_CODE", "") or "")


def _benchmark_default(codes: set[str]) -> str:
    """The authority's own code when the DfE files know it, else the first authority."""
    own = _default_la()
    return own if own in codes else (min(codes) if codes else "")


@requires(Perm.VIEW_AGGREGATES)
def benchmarks(request: HttpRequest) -> HttpResponse:
    authorities, years = _benchmark_choices()
    codes = {code for code, _ in authorities}
    own_code = _default_la()
    initial = {"la": _benchmark_default(codes), "year": max(years) if years else None}
    data = {
        "la": request.GET.get("la", initial["la"]),
        "year": request.GET.get("year", initial["year"]),
    }
    form = BenchmarkChoiceForm(data, authorities=authorities, years=years)
    result = None
    series_by_id: dict[str, Any] = {}
    error = ""
    if form.is_valid():
        try:
            result = benchmark(form.cleaned_data["la"], form.cleaned_data["year"])
            series = benchmark_series(result.la)
            series_by_id = series.series
        except BenchmarkError as failure:
            error = str(failure)
    own: dict[str, Any] = {}
    snapshot = None
    if result is not None and result.la == own_code:
        run = selectors.current_run()
        own = selectors.latest_figures_by_id(run)
        snapshot = run.snapshot if run else None
    rows = []
    if result is not None:
        for ind in BENCHMARK_INDICATORS:
            rows.append(
                {
                    "indicator": ind,
                    "unit_label": selectors.UNIT_LABELS.get(ind.unit, ind.unit),
                    "polarity_label": selectors.POLARITY_LABELS.get(ind.polarity, ind.polarity),
                    "comparison": result.indicators.get(ind.id),
                    "own": own.get(ind.id),
                    "series": series_by_id.get(ind.id, []),
                }
            )
    return render(
        request,
        "insight/benchmarks.html",
        {
            "form": form,
            "result": result,
            "rows": rows,
            "error": error,
            "own_code": own_code,
            "snapshot": snapshot,
            "attribution": ATTRIBUTION,
            "query": request.GET.urlencode(),
        },
    )


# ------------------------------------------------------------------ exports


def _download(content: bytes, fmt: str, stem: str) -> HttpResponse:
    content_type, suffix = exports.FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{suffix}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(Perm.VIEW_AGGREGATES)
def export_indicators(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest("format must be csv, parquet or xlsx")
    run = selectors.current_run()
    rows = selectors.indicator_rows(
        run,
        indicator=request.GET.get("indicator") or None,
        level=request.GET.get("level") or None,
        unit=request.GET.get("unit") or None,
    )
    trail.record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        summary=f"Exported {len(rows)} indicator rows as {fmt}",
        object_type="insight.indicators",
    )
    stem = f"indicators-{run.snapshot.as_of.isoformat()}" if run else "indicators"
    return _download(exports.export_indicators(rows, fmt), fmt, stem)


@requires(Perm.VIEW_AGGREGATES)
def export_benchmarks(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest("format must be csv, parquet or xlsx")
    try:
        data = load_data()
        la = request.GET.get("la") or _benchmark_default({a.code for a in data.authorities()})
        code = data.authority(la).code
        year_text = request.GET.get("year")
        if year_text:
            year = int(year_text)
            rows = exports.benchmark_rows(benchmark(code, year))
            stem = f"benchmarks-{code}-{year}"
        else:
            series = benchmark_series(code)
            results = {y: benchmark(code, y) for y in data.years}
            rows = exports.benchmark_series_rows(series, results)
            stem = f"benchmarks-{code}"
    except (BenchmarkError, ValueError) as failure:
        return HttpResponseBadRequest(str(failure))
    trail.record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        summary=f"Exported benchmarks for {code} as {fmt}",
        object_type="insight.benchmarks",
    )
    return _download(exports.export_benchmarks(rows, fmt), fmt, slugify(stem))


# ------------------------------------------------------------------ imports


@requires(Perm.IMPORT_DATA)
def upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AnnexAUploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = import_job_create(
                actor=request.user,
                upload=form.cleaned_data["file"],
                as_of=form.cleaned_data["as_of"],
            )
            return redirect("insight:import-job", job_id=job.pk)
    else:
        form = AnnexAUploadForm()
    return render(
        request,
        "insight/upload.html",
        {"form": form, "jobs": selectors.import_jobs()[:10]},
    )


@requires(Perm.IMPORT_DATA)
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(selectors.import_jobs(), pk=job_id)
    problems = list((job.report or {}).get("problems") or [])
    page = Paginator(problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    rows = (job.report or {}).get("rows") or {}
    response = render(
        request,
        "insight/import_job.html",
        {
            "job": job,
            "page_obj": page,
            "problem_count": len(problems),
            "rows": sorted(rows.items(), key=lambda kv: kv[0]),
            "total_rows": sum(rows.values()),
            "rejection": (job.report or {}).get("message") or job.message,
            "query_without_page": _query_without_page(request),
        },
    )
    if not job.finished:
        response["Refresh"] = "2"  # the page follows the import without any script
    return response


@requires(Perm.VIEW_STRUCTURE)
def team_mapping(request: HttpRequest) -> HttpResponse:
    can_map = may_map_teams(request.user)
    teams = Team.objects.select_related("service", "district").order_by("name")
    if request.method == "POST":
        if not can_map:
            raise PermissionDenied
        form = TeamMappingForm(request.POST, teams=teams)
        if form.is_valid():
            name = form.cleaned_data["name"]
            team = form.cleaned_data["team"]
            with transaction.atomic():
                team_mapping_save(actor=request.user, name=name, team=team)
                refresh_after_mapping(selectors.latest_snapshot())
            if team is None:
                messages.success(request, f"'{name}' is no longer mapped.")
            else:
                messages.success(request, f"'{name}' is now mapped to {team.name}.")
            return redirect("insight:team-mapping")
        messages.error(request, "Choose a team from the list.")
        return redirect("insight:team-mapping")
    run = selectors.current_run()
    matches = selectors.team_matches(run)
    return render(
        request,
        "insight/team_mapping.html",
        {
            "run": run,
            "snapshot": run.snapshot if run else None,
            "unmatched": [m for m in matches if m.team is None],
            "mapped": [m for m in matches if m.mapped_by_hand],
            "matched": [m for m in matches if m.team is not None and not m.mapped_by_hand],
            "saved": selectors.manual_mappings(),
            "teams": teams,
            "can_map": can_map,
        },
    )


# ------------------------------------------------------------------ home page


@home_panel
def _performance_panel(user: Any, access: Access) -> Panel | None:
    if Perm.IMPORT_DATA not in access.perms and not access.senior:
        return None
    if Perm.VIEW_AGGREGATES not in access.perms:
        return None
    latest = selectors.latest_summary()
    items = []
    if latest is not None:
        items.append(
            PanelItem(
                text=f"Annex A as at {latest.as_of:%-d %B %Y}",
                link=reverse("insight:home"),
                meta=latest.source_filename,
            )
        )
    more_link, more_text = reverse("insight:home"), "See the performance figures"
    if Perm.IMPORT_DATA in access.perms:
        more_link, more_text = reverse("insight:upload"), "Upload an Annex A"
    return Panel(
        key="performance",
        title="Performance data",
        empty_text="No Annex A has been imported yet.",
        items=items,
        more_link=more_link,
        more_text=more_text,
        order=40,
    )
