"""The chairs' QA dashboard and the District Quarterly Accountability pack."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from assure.core import clock
from assure.core.access import requires
from assure.core.roles import Perm
from assure.reports.downloads import content_disposition

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
from .pack import Pack, pack_build, pack_context, pack_docx, pack_filename, pack_pdf
from .policy import aggregates_only, may_see_chairs
from .services import pack_download_record

SVG = "image/svg+xml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
        },
    )


@requires(Perm.VIEW_AGGREGATES, object_level=True)
def dashboard_chart(request: HttpRequest, chart_key: str) -> HttpResponse:
    from assure.insight.charts import render_svg

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
    built = _for_reader(request.user, pack_build(unit, quarter))
    fmt = request.GET.get("format", "html")
    if fmt in ("docx", "pdf"):
        pack_download_record(
            actor=request.user, unit_pk=unit.pk, unit_name=unit.name, quarter=quarter.key, fmt=fmt
        )
        body, content_type = (
            (pack_docx(built), DOCX) if fmt == "docx" else (pack_pdf(built), "application/pdf")
        )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition(pack_filename(built, fmt))
        response["Cache-Control"] = "private, no-store"
        return response
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


def _for_reader(user: Any, built: Pack) -> Pack:
    """The pack without the patterns by chair for a reader who may not see them."""
    if may_see_chairs(user):
        return built
    return replace(
        built,
        figures=replace(built.figures, chairs=None),
        charts=[c for c in built.charts if c.key != "chairs"],
    )
