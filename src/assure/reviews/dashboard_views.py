"""The chairs' QA dashboard and the District Quarterly Accountability pack."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assure.core import clock
from assure.core.access import requires
from assure.core.roles import Perm
from assure.reports.document_jobs import document_request

from .dashboard import (
    TREND_HEADERS,
    Quarter,
    Show,
    Unit,
    chart_by_key,
    charts,
    figures,
    headline_rows,
    trend_rows,
    unit_for,
    units_for,
)
from .dashboard.charts import chair_labels
from .pack import pack_build, pack_context
from .pack_documents import KIND, TYPES, pack_for_reader
from .policy import aggregates_only, may_see_chairs
from .services import pack_download_record

SVG = "image/svg+xml"


def _quarter(request: HttpRequest) -> Quarter:
    current = Quarter.of(clock.today())
    return Quarter.parse(request.GET.get("quarter"), current)


def _quarter_choices(chosen: Quarter) -> list[Quarter]:
    current = Quarter.of(clock.today())
    choices = current.back(8)[::-1]
    return choices if chosen in choices else [chosen, *choices]


def _unit(request: HttpRequest) -> Unit:
    unit = unit_for(request.user, request.GET.get("unit"))
    if unit is None:
        raise Http404("No such district or team, or it is outside your scope.")
    return unit


@requires(Perm.VIEW_AGGREGATES, object_level=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    quarter = _quarter(request)
    f = figures(unit, quarter, chairs=may_see_chairs(request.user))
    units = units_for(request.user)
    query = f"unit={unit.key}&quarter={quarter.key}"
    show = Show(aggregates_only(request.user))
    tables = dashboard_tables(f, show)
    fmt = request.GET.get("format", "")
    if fmt:
        return _download(request, tables, fmt=fmt, unit=unit, quarter=quarter)
    labels = chair_labels(f.chairs or [])
    return render(
        request,
        "reviews/dashboard.html",
        {
            "f": f,
            # The chairs' table names them as their bars do: numbered where two share a name.
            "chair_rows": [(labels[c.chair_id], c) for c in f.chairs or []],
            "unit": unit,
            "quarter": quarter,
            "units": units,
            "quarters": _quarter_choices(quarter),
            "charts": charts(f, suppress=show.suppress),
            "query": query,
            "headline": headline_rows(f, show),
            "trend_headers": TREND_HEADERS,
            "trend": trend_rows(f, show),
            "district_units": [u for u in units if u.level == "district"],
            "downloads": [(key, title) for key, title, _h, _r in tables],
        },
    )


DashboardTable = tuple[str, str, tuple[str, ...], list[tuple[Any, ...]]]


def dashboard_tables(f: Any, show: Show) -> list[DashboardTable]:
    """The dashboard's tables as its reader sees them (small numbers already withheld for
    readers of aggregates only): (key, title, headers, rows), for the downloads."""
    tables: list[DashboardTable] = [
        (
            "headline",
            f"Headline figures, {f.period_label}",
            ("Measure", "Figure"),
            headline_rows(f, show),
        ),
        ("trends", "Trends by quarter", TREND_HEADERS, trend_rows(f, show)),
    ]
    if f.chairs is not None:
        tables.append(
            (
                "chairs",
                f"Patterns by chair, {f.period_label}",
                ("Chair", "QA recorded", "% good or better", "Alerts raised", "% alert rate"),
                [
                    (c.name, c.qa_done, c.good_or_better_pct, c.alerts, c.alert_rate)
                    for c in f.chairs
                ],
            )
        )
    return tables


def _download(
    request: HttpRequest, tables: list[DashboardTable], *, fmt: str, unit: Unit, quarter: Quarter
) -> HttpResponse:
    """One table as CSV (`?format=csv&table=KEY`), or all of them as an Excel workbook."""
    from assure.reports.downloads import download
    from assure.reports.exports import FORMATS, to_csv, to_workbook

    from .services import dashboard_download_record

    if fmt == "csv":
        key = request.GET.get("table") or tables[0][0]
        chosen = [t for t in tables if t[0] == key]
    elif fmt == "xlsx":
        chosen = tables
    else:
        raise Http404("Downloads are CSV or Excel.")
    if not chosen:
        raise Http404("No such table.")
    dashboard_download_record(
        actor=request.user,
        unit_key=unit.key,
        unit_name=unit.name,
        quarter=quarter.key,
        fmt=fmt,
        tables=[t[0] for t in chosen],
    )
    stem = f"chairs-dashboard-{unit.name}-{quarter.key}"
    if fmt == "csv":
        _key, _title, headers, rows = chosen[0]
        body = to_csv([dict(zip(headers, row, strict=True)) for row in rows], headers)
        return download(body, FORMATS["csv"][0], f"{stem}-{chosen[0][0]}.csv")
    body = to_workbook([(title, headers, rows) for _key, title, headers, rows in chosen])
    return download(body, FORMATS["xlsx"][0], f"{stem}.xlsx")


@requires(Perm.VIEW_AGGREGATES, object_level=True)
def dashboard_chart(request: HttpRequest, chart_key: str) -> HttpResponse:
    from assure.insight.charts import render_svg
    from assure.reports.chart_store import granted_svg

    # The page just built this chart for this reader: its drawing, without the figures.
    svg = granted_svg(request.user.pk, request.GET.get("g", ""))
    if svg is not None:
        response = HttpResponse(svg, content_type=SVG)
        response["Cache-Control"] = "private, max-age=300"
        return response
    unit = _unit(request)
    # The patterns by chair go only to those who see them on the dashboard, whichever
    # page (the dashboard's or the pack's) asks for the chart.
    chairs = may_see_chairs(request.user)
    span = 1 if request.GET.get("pack") == "1" else 4  # the pack's charts: one quarter
    f = figures(unit, _quarter(request), headline_span=span, chairs=chairs)
    chart = chart_by_key(f, chart_key, suppress=aggregates_only(request.user))
    if chart is None:
        raise Http404("No such chart.")
    response = HttpResponse(render_svg(chart), content_type=SVG)
    response["Cache-Control"] = "private, max-age=300"
    return response


@requires(Perm.VIEW_AGGREGATES, object_level=True)
def pack(request: HttpRequest) -> HttpResponse:
    """The pack for a district and a quarter, as a page, a Word document or a PDF."""
    districts = [u for u in units_for(request.user) if u.level == "district"]
    if not districts:
        raise PermissionDenied  # elected members and others with county figures only
    wanted = request.GET.get("district", "")
    unit = next((u for u in districts if str(u.pk) == wanted), None)
    if wanted and unit is None:
        raise Http404
    unit = unit or districts[0]
    quarter = _quarter(request)
    fmt = request.GET.get("format", "html")
    if fmt in TYPES:
        pack_download_record(
            actor=request.user, unit_pk=unit.pk, unit_name=unit.name, quarter=quarter.key, fmt=fmt
        )
        # A pack of several pages is made in the background; its page follows the progress.
        job = document_request(
            actor=request.user,
            kind=KIND,
            params={"district": unit.pk, "quarter": quarter.key, "format": fmt},
            title=f"Accountability pack, {unit.name}, {quarter.label} ({fmt.upper()})",
        )
        return redirect("reports:document", document=job.token)
    built = pack_for_reader(request.user, pack_build(unit, quarter))
    context = pack_context(built, inline_charts=False)
    context.update(
        {
            "districts": districts,
            "quarters": _quarter_choices(quarter),
            "query": f"unit={unit.key}&quarter={quarter.key}&pack=1",
            "download": f"district={unit.pk}&quarter={quarter.key}",
        }
    )
    return render(request, "reviews/pack.html", context)
