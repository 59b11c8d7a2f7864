"""Performance data in and out: Annex A uploads, team mapping, benchmarks and exports.

Thin views: writes through the services in `tasks` and `team_mapping`,
reads through `selectors`. Exported indicator rows withhold counts of 1 to
4 below the authority's level from those who may not see children, as the
pages do; every download's name is made safe by the reports toolkit.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from assure.core.access import requires
from assure.core.roles import Perm
from assure.org.models import Team
from assure.reports.downloads import download

from . import exports, selectors
from .benchmarks import (
    ATTRIBUTION,
    BENCHMARK_INDICATORS,
    BenchmarkError,
    Rag,
    benchmark,
    benchmark_series,
    load_data,
    rag,
)
from .comparisons import stand_in_note
from .forms import AnnexAUploadForm, BenchmarkChoiceForm, TeamMappingForm
from .policy import team_figures
from .services import configured_benchmark_code, export_record, import_problems_csv
from .tasks import import_job_create, refresh_after_mapping
from .team_mapping import team_mapping_save

PROBLEMS_PER_PAGE = 100


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode() + "&" if query else ""


# ------------------------------------------------------------------ benchmarks


def _benchmark_choices() -> tuple[list[tuple[str, str]], list[int]]:
    data = load_data()
    authorities = [(a.code, f"{a.name or a.code} ({a.code})") for a in data.authorities()]
    return authorities, list(data.years)


def _benchmark_default(codes: set[str]) -> str:
    """The code the authority is benchmarked as, when the DfE files know it; else none.

    Never the first authority in the file: a director opening the page must
    not read another council's figures as if they were the authority's own.
    """
    own = configured_benchmark_code() or ""
    return own if own in codes else ""


def _unknown_code_note(codes: set[str]) -> str:
    from assure.authority import settings_reader

    own = settings_reader.la_code()
    if own and own in codes:
        return ""
    if own:
        return (
            f"The authority's DfE code ({own}) is not in the published DfE figures, so there "
            "is no comparison to open on. Choose an authority to see its figures."
        )
    return (
        "The authority's DfE code is not set, so there is no comparison to open on. "
        "Choose an authority to see its figures, or set the code in the authority's settings."
    )


def _rag_of(comparison: Any, polarity: str) -> Rag:
    if comparison is None:
        return rag(None, None, None, polarity)
    return rag(comparison.value, comparison.england, comparison.sn_median, polarity)


@requires(Perm.VIEW_AGGREGATES)
def benchmarks(request: HttpRequest) -> HttpResponse:
    authorities, years = _benchmark_choices()
    codes = {code for code, _ in authorities}
    own_code = configured_benchmark_code() or ""
    default = _benchmark_default(codes)
    initial = {"la": default, "year": max(years) if years else None}
    chosen = "la" in request.GET or bool(default)
    form = BenchmarkChoiceForm(
        {
            "la": request.GET.get("la", initial["la"]),
            "year": request.GET.get("year", initial["year"]),
        }
        if chosen
        else None,
        initial=initial,
        authorities=authorities,
        years=years,
    )
    result = None
    series_by_id: dict[str, Any] = {}
    error = ""
    if form.is_bound and form.is_valid():
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
                    "rag": _rag_of(result.indicators.get(ind.id), ind.polarity),
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
            "unknown_note": "" if chosen else _unknown_code_note(codes),
            "stand_in_note": stand_in_note(result),
            "snapshot": snapshot,
            "attribution": ATTRIBUTION,
            "query": request.GET.urlencode(),
        },
    )


# ------------------------------------------------------------------ exports


def _download(content: bytes, fmt: str, stem: str) -> HttpResponse:
    content_type, suffix = exports.FORMATS[fmt]
    return download(content, content_type, f"{stem}.{suffix}")


@requires(Perm.VIEW_AGGREGATES)
def export_indicators(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest("format must be csv, parquet or xlsx")
    run = selectors.current_run()
    rows = selectors.shown_rows(
        request.user,
        selectors.indicator_rows(
            run,
            indicator=request.GET.get("indicator") or None,
            level=request.GET.get("level") or None,
            unit=request.GET.get("unit") or None,
        ),
    )
    export_record(
        actor=request.user,
        summary=f"Exported {len(rows)} indicator rows as {fmt}",
        what="insight.indicators",
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
        if not la:
            return HttpResponseBadRequest("Choose an authority: add ?la= with its DfE code.")
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
    export_record(
        actor=request.user,
        summary=f"Exported benchmarks for {code} as {fmt}",
        what="insight.benchmarks",
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
    report = job.report or {}
    problems = list(report.get("problems") or [])
    page = Paginator(problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    rows = report.get("rows") or {}
    response = render(
        request,
        "insight/import_job.html",
        {
            "job": job,
            "page_obj": page,
            "problem_count": len(problems),
            # Reports from before contract 1.1 held every problem and no total.
            "problems_total": report.get("problems_total", len(problems)),
            "problem_summary": report.get("problem_summary") or [],
            "rows": sorted(rows.items(), key=lambda kv: kv[0]),
            "total_rows": sum(rows.values()),
            "rejection": (job.report or {}).get("message") or job.message,
            "query_without_page": _query_without_page(request),
        },
    )
    if not job.finished:
        response["Refresh"] = "2"  # the page follows the import without any script
    return response


@requires(Perm.IMPORT_DATA)
def import_problems(request: HttpRequest, job_id: int) -> HttpResponse:
    """Every problem of one import as CSV (the page shows the first 1,000)."""
    job = get_object_or_404(selectors.import_jobs().select_related("snapshot"), pk=job_id)
    if not job.finished:
        raise Http404("The import has not finished.")
    with tempfile.TemporaryDirectory(prefix="assure-problems-") as folder:
        target = Path(folder) / "problems.csv"
        import_problems_csv(actor=request.user, job=job, target=target)
        # The byte order mark tells Excel the file is UTF-8, as the other exports do.
        content = b"\xef\xbb\xbf" + target.read_bytes()
    name = f"problems in {Path(job.source_filename).stem} as at {job.as_of:%Y-%m-%d}.csv"
    return download(content, "text/csv; charset=utf-8", name)


@requires(Perm.VIEW_STRUCTURE)
def team_mapping(request: HttpRequest) -> HttpResponse:
    can_map = team_figures.may_map_teams(request.user)
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
