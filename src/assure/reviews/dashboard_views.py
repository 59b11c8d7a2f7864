"""The chairs' QA dashboard and the District Quarterly Accountability pack."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from assure.core import clock, trail
from assure.core.access import requires
from assure.core.models import AuditEvent
from assure.core.roles import Perm
from assure.reports.downloads import content_disposition

from .dashboard import (
    Quarter,
    Unit,
    chart_by_key,
    charts,
    figures,
    sees_chairs,
    unit_for,
    units_for,
)
from .pack import pack_build, pack_context, pack_docx, pack_filename, pack_pdf

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
    f = figures(unit, quarter, chairs=sees_chairs(request.user))
    units = units_for(request.user)
    query = f"unit={unit.key}&quarter={quarter.key}"
    return render(
        request,
        "reviews/dashboard.html",
        {
            "f": f,
            "unit": unit,
            "quarter": quarter,
            "units": units,
            "quarters": _quarter_choices(quarter),
            "charts": charts(f),
            "query": query,
            "rows": [f.by_quarter[q] for q in f.quarters],
            "district_units": [u for u in units if u.level == "district"],
        },
    )


@requires(Perm.VIEW_AGGREGATES, object_level=True)
def dashboard_chart(request: HttpRequest, chart_key: str) -> HttpResponse:
    from assure.insight.charts import render_svg

    unit = _unit(request)
    if request.GET.get("pack") == "1":  # the pack's charts: one quarter, with the chairs
        f = figures(unit, _quarter(request), headline_span=1, chairs=True)
    else:
        f = figures(unit, _quarter(request), chairs=sees_chairs(request.user))
    chart = chart_by_key(f, chart_key)
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
    built = pack_build(unit, quarter)
    fmt = request.GET.get("format", "html")
    if fmt in ("docx", "pdf"):
        trail.record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            object_type="reviews.pack",
            object_id=f"{unit.pk}:{quarter.key}",
            summary=f"Downloaded the accountability pack for {unit.name}, {quarter.key} ({fmt})",
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
