"""Trends, the "what changed" page and the visual report of a snapshot.

Aggregates only: every figure here is a count, a percentage or a mean, and
no child reference is ever shown, so every page needs VIEW_AGGREGATES and
nothing more. Charts are served as SVG images (no script and no inline
style in the pages, as the Content-Security-Policy requires), each beside
its data table and its sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from assure.core.access import requires
from assure.core.roles import Perm
from assure.reports.document_jobs import document_request

from . import report_documents
from .benchmarks import ATTRIBUTION
from .charts import Chart, fmt, render_svg, xmr_chart
from .indicators import Indicator, part_a
from .indicators import get as get_indicator
from .models import AnnexASnapshot
from .policy import team_figures
from .report import (
    CACHE_SECONDS,
    SeriesSet,
    indicator_series,
    snapshot_report,
    withhold_small,
)
from .report_docs import NO_VALUE, benchmark_rows, cell_text, report_title
from .trends import RULE_TEXT, Signal, XmR, recent_signals, xmr

LEVEL_LABELS = {"team": "Team", "district": "District", "area": "Area", "service": "Service"}
UNIT_LABELS = {
    "count": "Count",
    "percent": "Per cent",
    "rate_per_10k": "Per 10,000 children",
    "mean_days": "Mean days",
}
RECENT_MONTHS = 3
SVG = "image/svg+xml"


@dataclass(frozen=True)
class Scope:
    level: str
    unit: str | None

    @property
    def label(self) -> str:
        if self.level == "la" or not self.unit:
            return "The authority"
        return f"{LEVEL_LABELS.get(self.level, self.level.title())}: {self.unit}"

    @property
    def query(self) -> str:
        if self.level == "la" or not self.unit:
            return ""
        from urllib.parse import urlencode

        return "?" + urlencode({"level": self.level, "unit": self.unit})


def _scope(request: HttpRequest) -> Scope:
    level = request.GET.get("level", "la").strip() or "la"
    unit = request.GET.get("unit", "").strip() or None
    if level not in ("la", *LEVEL_LABELS) or (level != "la" and not unit):
        return Scope("la", None)
    return Scope(level, unit if level != "la" else None)


def _series(request: HttpRequest, scope: Scope) -> SeriesSet:
    """The monthly series at the scope; below the authority, small numbers withheld from
    those who may not see children."""
    series = indicator_series(level=scope.level, unit=scope.unit)
    if scope.level == "la" or team_figures.sees_small_numbers(request.user):
        return series
    return withhold_small(series)


def _indicators_at(scope: Scope) -> list[Indicator]:
    return [i for i in part_a() if scope.level == "la" or i.has_teams]


def _xmr(series: SeriesSet, ind: Indicator) -> XmR:
    return xmr([(p.as_of, p.value) for p in series.series.get(ind.id, ())], polarity=ind.polarity)


def _unit_choices(series: SeriesSet, scope: Scope) -> list[dict[str, object]]:
    choices: list[dict[str, object]] = [
        {"value": "", "text": "The authority", "selected": scope.level == "la"}
    ]
    for level, unit in series.units:
        choices.append(
            {
                "value": f"{level}:{unit}",
                "text": f"{LEVEL_LABELS.get(level, level.title())}: {unit}",
                "selected": scope.level == level and scope.unit == unit,
            }
        )
    return choices


def _indicator(indicator_id: str) -> Indicator:
    try:
        return get_indicator(indicator_id)
    except KeyError:
        raise Http404("No such indicator.") from None


def _trend_chart(ind: Indicator, scope: Scope, series: SeriesSet) -> tuple[Chart, XmR]:
    """The XmR chart of one indicator, built once per series (building a spec costs ~70 ms)."""
    spc = _xmr(series, ind)
    key = f"{series.signature}:chart:{ind.id}"
    chart: Chart | None = cache.get(key)
    if chart is None:
        title = ind.label if scope.level == "la" else f"{ind.label} ({scope.label})"
        chart = xmr_chart(f"trend-{ind.id}", title, spc, unit=UNIT_LABELS[ind.unit])
        cache.set(key, chart, CACHE_SECONDS)
    return chart, spc


def _limits(chart: XmR) -> str:
    if chart.lower_limit is None or chart.upper_limit is None:
        return NO_VALUE
    return f"{fmt(chart.lower_limit)} to {fmt(chart.upper_limit)}"


def _svg_response(svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type=SVG)
    response["Cache-Control"] = "private, max-age=300"
    return response


def _choose_scope(request: HttpRequest) -> Scope:
    """`?scope=team:Team A` (the form's single select) or `?level=team&unit=Team A`."""
    chosen = request.GET.get("scope")
    if chosen is not None:
        level, _, unit = chosen.partition(":")
        if level in LEVEL_LABELS and unit:
            return Scope(level, unit)
        return Scope("la", None)
    return _scope(request)


# ------------------------------------------------------------------ pages


@requires(Perm.VIEW_AGGREGATES)
def index(request: HttpRequest) -> HttpResponse:
    snapshots = list(
        AnnexASnapshot.objects.filter(status=AnnexASnapshot.Status.IMPORTED).order_by(
            "-as_of", "-imported_at"
        )[:120]
    )
    return render(request, "insight/report_index.html", {"snapshots": snapshots})


@requires(Perm.VIEW_AGGREGATES)
def trends(request: HttpRequest) -> HttpResponse:
    scope = _choose_scope(request)
    series = _series(request, scope)
    rows = []
    for ind in _indicators_at(scope):
        chart = _xmr(series, ind)
        latest = chart.points[-1] if chart.points else None
        last_signal = chart.signals[-1] if chart.signals else None
        rows.append(
            {
                "indicator": ind,
                "latest": latest,
                "latest_text": fmt(latest.value) if latest else "",
                "mean_text": fmt(chart.mean) if chart.mean is not None else NO_VALUE,
                "limits_text": _limits(chart),
                "signals": len(chart.signals),
                "last_signal": last_signal,
            }
        )
    return render(
        request,
        "insight/trend_index.html",
        {
            "scope": scope,
            "rows": rows,
            "months": len(series.snapshots),
            "choices": _unit_choices(series, scope),
        },
    )


@requires(Perm.VIEW_AGGREGATES)
def trend(request: HttpRequest, indicator_id: str) -> HttpResponse:
    ind = _indicator(indicator_id)
    scope = _choose_scope(request)
    series = _series(request, scope)
    chart, spc = _trend_chart(ind, scope, series)
    return render(
        request,
        "insight/trend_detail.html",
        {
            "indicator": ind,
            "scope": scope,
            "chart": chart,
            "spc": spc,
            "rows": [[cell_text(v) for v in row] for row in chart.rows],
            "choices": _unit_choices(series, scope),
            "unit_label": UNIT_LABELS[ind.unit],
            "signals": [{"signal": s, "rule_text": RULE_TEXT[s.rule]} for s in spc.signals],
            "mean_text": fmt(spc.mean),
            "limits_text": _limits(spc),
            "mr_text": fmt(spc.mean_moving_range),
        },
    )


@requires(Perm.VIEW_AGGREGATES)
def trend_chart(request: HttpRequest, indicator_id: str) -> HttpResponse:
    ind = _indicator(indicator_id)
    scope = _choose_scope(request)
    chart, _ = _trend_chart(ind, scope, _series(request, scope))
    return _svg_response(render_svg(chart))


@requires(Perm.VIEW_AGGREGATES)
def changes(request: HttpRequest) -> HttpResponse:
    scope = _choose_scope(request)
    try:
        months = max(1, min(24, int(request.GET.get("months", RECENT_MONTHS))))
    except ValueError:
        months = RECENT_MONTHS
    series = _series(request, scope)
    dates = [d for _pk, d in series.snapshots]
    since: date | None = dates[-months] if len(dates) >= months else (dates[0] if dates else None)
    pairs: list[tuple[Indicator, Signal]] = []
    if since is not None:
        for ind in _indicators_at(scope):
            pairs.extend((ind, s) for s in recent_signals(_xmr(series, ind), since=since))
    order = {"concern": 0, "improvement": 1, "neither": 2}
    pairs.sort(key=lambda p: (order[p[1].label], p[0].label, p[1].start))
    found = [{"indicator": i, "signal": s, "rule_text": RULE_TEXT[s.rule]} for i, s in pairs]
    counts = {lb: sum(1 for _i, s in pairs if s.label == lb) for lb in order}
    return render(
        request,
        "insight/trend_changes.html",
        {
            "scope": scope,
            "found": found,
            "counts": counts,
            "since": since,
            "months": months,
            "month_choices": [1, 3, 6, 12],
            "choices": _unit_choices(series, scope),
        },
    )


def _snapshot(snapshot_id: int) -> AnnexASnapshot:
    return get_object_or_404(AnnexASnapshot, pk=snapshot_id, status=AnnexASnapshot.Status.IMPORTED)


@requires(Perm.VIEW_AGGREGATES)
def snapshot(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    snap = _snapshot(snapshot_id)
    report = snapshot_report(snap)
    sections = [
        {
            "section": section,
            "charts": [
                {"chart": c, "rows": [[cell_text(v) for v in row] for row in c.rows]}
                for c in section.charts
            ],
            "benchmark_rows": benchmark_rows(section.benchmarks),
        }
        for section in report.sections
    ]
    return render(
        request,
        "insight/report_snapshot.html",
        {
            "snapshot": snap,
            "report": report,
            "title": report_title(report),
            "sections": sections,
            "attribution": ATTRIBUTION,
        },
    )


@requires(Perm.VIEW_AGGREGATES)
def snapshot_chart(request: HttpRequest, snapshot_id: int, chart: str) -> HttpResponse:
    report = snapshot_report(_snapshot(snapshot_id))
    found = report.chart(chart)
    if found is None:
        raise Http404("No such chart.")
    return _svg_response(render_svg(found))


def _document(request: HttpRequest, snapshot_id: int, fmt: str) -> HttpResponse:
    """The report as a file is made in the background; its page follows the progress."""
    snap = _snapshot(snapshot_id)
    job = document_request(
        actor=request.user,
        kind=report_documents.KIND,
        params={"snapshot": snap.pk, "format": fmt},
        title=f"Performance report, Annex A as at {snap.as_of:%d %B %Y} ({fmt.upper()})",
    )
    return redirect("reports:document", document=job.token)


@requires(Perm.VIEW_AGGREGATES)
def snapshot_pdf(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    return _document(request, snapshot_id, "pdf")


@requires(Perm.VIEW_AGGREGATES)
def snapshot_docx(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    return _document(request, snapshot_id, "docx")
