"""What the QA unit learns from the audit cycle: completion, grades, calibration, text.

Who sees what:

- Completion and grades: anyone who may see aggregate figures, county-wide,
  never a child. Grouping by auditor (which names staff) is the QA unit's.
- Calibration: the QA unit sees every auditor and service; an auditor sees
  their own figures on their own page.
- Text answers: people with child-level access read the answers of the
  audits they may see (`audits_visible_to`), with the child's reference;
  people with aggregate access only (elected members, analysts) see how many
  answers there are, never the text or its phrases.

Every table downloads as CSV (`?format=csv&table=<key>`) or Excel
(`?format=xlsx`, a sheet per table), spreadsheet-safe, and each download is
recorded in the audit trail (with the child references a text export names).

Filters in the query string (`?cycle=`, `?service=`, `?team=`) are checked
against the choices the page offers; anything else is ignored, with a message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from assure.core import clock
from assure.core.access import requires
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.org.models import Service, Team

from . import analytics
from .analytics import Table
from .models import Audit, Cycle
from .policy import AUDITS, record_figures_export
from .selectors import audits_visible_to, row_id


def export_response(tables: Sequence[Table], *, fmt: str, name: str) -> HttpResponse:
    """One table as CSV, or every table as an Excel workbook, a sheet each.

    Text cells that a spreadsheet would run as a formula are neutralised by
    the shared export writer; numbers stay numbers.
    """
    from assure.insight.exports import FORMATS, to_csv

    if fmt == "csv":
        table = tables[0]
        body = to_csv(table.as_dicts(), table.headers)
        filename = f"{name}-{table.key}.csv"
    else:
        body = workbook(tables)
        filename = f"{name}.xlsx"
    response = HttpResponse(body, content_type=FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def workbook(tables: Sequence[Table]) -> bytes:
    """An Excel workbook: a sheet per table (headers in the first row, tidy), and a
    first sheet, "about", saying what each sheet shows."""
    import io
    import re

    from openpyxl import Workbook

    from assure.insight.exports import neutralise

    book = Workbook(write_only=True)
    about = book.create_sheet("about")
    about.append(["Sheet", "Title", "What it shows"])
    used: set[str] = {"about"}
    for table in tables:
        title = re.sub(r"[^A-Za-z0-9 _-]", " ", table.key)[:31] or "table"
        while title in used:
            title = f"{title[:28]}-{len(used)}"
        used.add(title)
        about.append([neutralise(title), neutralise(table.title), neutralise(table.summary)])
        sheet = book.create_sheet(title)
        sheet.append([neutralise(h) for h in table.headers])
        for row in table.rows:
            sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def audits_for_figures() -> QuerySet[Audit]:
    """Every audit, for county-wide counts only: nothing from it names a child."""
    return Audit.objects.all()


def chosen_id(request: HttpRequest, name: str, known: Iterable[int], noun: str) -> int | None:
    """The id in `?name=` if it is one of `known`; anything else is ignored, with a message.

    The id is checked against the choices the page offers, in Python, and never
    reaches the database as typed: "abc" or a number larger than any row could
    have (which PostgreSQL refuses with an error, and SQLite cannot even send)
    simply names nothing.
    """
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    value = row_id(raw)
    if value is not None and value in set(known):
        return value
    messages.warning(request, f"There is no {noun} {raw[:40]!r} to filter by, so it was ignored.")
    return None


def _cycle_filter(request: HttpRequest, audits: QuerySet[Audit]) -> tuple[QuerySet[Audit], Any]:
    cycles = list(Cycle.objects.order_by("-starts_on"))
    cycle_id = chosen_id(request, "cycle", (c.pk for c in cycles), "cycle")
    chosen = next((c for c in cycles if c.pk == cycle_id), None)
    if chosen is not None:
        audits = audits.filter(cycle=chosen)
    return audits, {"cycles": cycles, "cycle": chosen}


def _query(request: HttpRequest, *drop: str) -> str:
    """The current filters as a query string, without `drop` (e.g. the page)."""
    kept = [(k, v) for k, v in request.GET.items() if k not in drop and v]
    return urlencode(kept)


def _downloads(request: HttpRequest, tables: Sequence[Table]) -> list[dict[str, str]]:
    base = _query(request, "format", "table", "page")
    prefix = f"?{base}&" if base else "?"
    return [{"title": t.title, "csv": f"{prefix}format=csv&table={t.key}"} for t in tables] + [
        {"title": "Every table on this page", "xlsx": f"{prefix}format=xlsx"}
    ]


def _maybe_export(request: HttpRequest, name: str, tables: Sequence[Table]) -> HttpResponse | None:
    fmt = request.GET.get("format", "")
    if not fmt:
        return None
    if fmt not in ("csv", "xlsx"):
        raise Http404
    chosen = list(tables)
    if fmt == "csv":
        key = request.GET.get("table") or tables[0].key
        chosen = [t for t in tables if t.key == key]
        if not chosen:
            raise Http404
    record_figures_export(
        request.user,
        name=name,
        keys=[t.key for t in chosen],
        fmt=fmt,
        child_refs=[str(ref) for t in chosen for ref in t.child_refs()],
    )
    return export_response(chosen, fmt=fmt, name=name)


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context.setdefault("may_run_qa", has_perm(request.user, Perm.RUN_QA))
    context.setdefault("may_audit", has_perm(request.user, Perm.AUDIT_CASES))
    context.setdefault("tables", [])
    context["downloads"] = _downloads(request, context["tables"])
    return render(request, template, context)


@requires(Perm.VIEW_AGGREGATES)
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, "audits/insight_home.html", {"section": "home"})


@requires(Perm.VIEW_AGGREGATES)
def completion(request: HttpRequest) -> HttpResponse:
    may_run_qa = has_perm(request.user, Perm.RUN_QA)
    groups = [
        (key, label)
        for key, (label, _fields) in analytics.GROUPS.items()
        if may_run_qa or key not in analytics.STAFF_GROUPS
    ]
    group = request.GET.get("group", "service")
    if group not in dict(groups):
        group = "service"
    audits, filters = _cycle_filter(request, audits_for_figures())
    today = clock.today()
    tables = [analytics.completion(audits, group=group, today=today)]
    overdue: list[Audit] = []
    if may_run_qa:
        # The QA unit chases overdue audits: the child's reference is theirs to see.
        visible, _ = _cycle_filter(request, audits_visible_to(request.user))
        overdue = list(
            visible.filter(submitted_at__isnull=True, due_date__lt=today).order_by("due_date")[:50]
        )
        AUDITS.record_reads(request.user, overdue, what="Listed overdue audits")
    exported = _maybe_export(request, "audit-completion", tables)
    if exported is not None:
        return exported
    return _page(
        request,
        "audits/insight_completion.html",
        {
            "section": "completion",
            "tables": tables,
            "groups": groups,
            "group": group,
            "overdue": overdue,
            "today": today,
            **filters,
        },
    )


@requires(Perm.VIEW_AGGREGATES)
def grades(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by", "service")
    if by not in ("service", "team"):
        by = "service"
    audits, filters = _cycle_filter(request, audits_for_figures())
    everything = audits_for_figures()  # trends run across every cycle
    tools = analytics.audit_tools()
    by_area, by_question = analytics.scale_averages(everything, tools)
    tables = [
        analytics.grade_distribution(audits, field_name="final_grade", by=by),
        analytics.grade_distribution(audits, field_name="auditor_grade", by=by),
        analytics.grade_cross_table(audits),
        analytics.grade_trends(everything),
        by_area,
        by_question,
    ]
    exported = _maybe_export(request, "audit-grades", tables)
    if exported is not None:
        return exported
    return _page(
        request,
        "audits/insight_grades.html",
        {"section": "grades", "tables": tables, "by": by, **filters},
    )


def _calibration(request: HttpRequest, audits: QuerySet[Audit], *, mine: bool) -> HttpResponse:
    audits, filters = _cycle_filter(request, audits)
    tables = [analytics.calibration_table(audits, by="auditor")]
    if not mine:
        tables.append(analytics.calibration_table(audits, by="service"))
    tables.append(analytics.grade_cross_table(audits))
    exported = _maybe_export(
        request, "audit-calibration-mine" if mine else "audit-calibration", tables
    )
    if exported is not None:
        return exported
    from . import calibration as cal

    return _page(
        request,
        "audits/insight_calibration.html",
        {
            "section": "calibration-mine" if mine else "calibration",
            "tables": tables,
            "mine": mine,
            "drift_min_n": cal.DRIFT_MIN_N,
            "drift_kappa": cal.DRIFT_KAPPA,
            "drift_share_pct": round(cal.DRIFT_SHARE * 100),
            **filters,
        },
    )


@requires(Perm.RUN_QA)
def calibration(request: HttpRequest) -> HttpResponse:
    return _calibration(request, audits_for_figures(), mine=False)


@requires(Perm.AUDIT_CASES)
def calibration_mine(request: HttpRequest) -> HttpResponse:
    return _calibration(request, audits_for_figures().filter(auditor_id=request.user.pk), mine=True)


THEME_CHOICES = list(analytics.THEMES.items())


@requires(Perm.VIEW_AGGREGATES)
def text(request: HttpRequest) -> HttpResponse:
    may_read = has_perm(request.user, Perm.VIEW_CASES)
    tools = analytics.audit_tools()
    questions = analytics.text_questions(tools)
    area = request.GET.get("area", "")
    if area not in {k for k, _ in analytics.areas(questions)}:
        area = ""
    theme = request.GET.get("theme", "")
    if theme not in analytics.THEMES:
        theme = ""
    chosen = analytics.select_questions(questions, area=area, theme=theme)
    search = request.GET.get("q", "").strip()[:200]
    # This page reads the answers themselves, which the scoped list leaves out.
    base = audits_visible_to(request.user).defer(None) if may_read else audits_for_figures()
    audits, filters = _cycle_filter(request, base)
    services = list(Service.objects.order_by("name").values_list("pk", "name"))
    teams = list(Team.objects.order_by("name").values_list("pk", "name"))
    service_id = chosen_id(request, "service", (pk for pk, _ in services), "service")
    team_id = chosen_id(request, "team", (pk for pk, _ in teams), "team")
    if service_id:
        audits = audits.filter(team__service_id=service_id)
    if team_id:
        audits = audits.filter(team_id=team_id)
    context: dict[str, Any] = {
        "section": "text",
        "may_read": may_read,
        "areas": analytics.areas(questions),
        "area": area,
        "themes": THEME_CHOICES,
        "theme": theme,
        "q": search,
        "services": services,
        "teams": teams,
        "service_id": service_id,
        "team_id": team_id,
        **filters,
    }
    if not may_read:
        tables = [analytics.text_counts(audits, chosen)]
        exported = _maybe_export(request, "audit-text-counts", tables)
        if exported is not None:
            return exported
        context["tables"] = tables
        return _page(request, "audits/insight_text.html", context)

    if filters["cycle"] is None and request.GET.get("cycle") is None and filters["cycles"]:
        # Phrases read best one cycle at a time: the latest unless another is chosen.
        phrase_audits = audits.filter(cycle=filters["cycles"][0])
        phrase_cycle = filters["cycles"][0]
    else:
        phrase_audits, phrase_cycle = audits, filters["cycle"]
    matching = analytics.text_search(audits, chosen, search).order_by("-submitted_at", "-id")
    phrases = analytics.recurring_phrases(phrase_audits, chosen)
    if request.GET.get("format"):
        answers = _answers_table(matching, chosen, search)
        exported = _maybe_export(request, "audit-text", [answers, phrases])
        assert exported is not None
        return exported
    page = Paginator(matching, 20).get_page(request.GET.get("page"))
    # The page shows each audit's child reference beside its answers: one trail event.
    AUDITS.record_reads(request.user, page, what="Searched audit text answers")
    context.update(
        {
            "page_obj": page,
            "rows": [(a, analytics.answers_of(a, chosen, search)) for a in page],
            "query_without_page": (_query(request, "page", "format", "table") + "&").lstrip("&"),
            "phrases": phrases,
            "phrase_cycle": phrase_cycle,
            "tables": [_answers_stub(), phrases],
        }
    )
    return _page(request, "audits/insight_text.html", context)


def _answers_stub() -> Table:
    return Table("text-answers", "Text answers", "", ("Audit",))


def _answers_table(
    audits: QuerySet[Audit], questions: Sequence[analytics.TextQuestion], search: str
) -> Table:
    rows: list[tuple[analytics.Cell, ...]] = []
    for audit in audits.iterator(chunk_size=500):
        for answer in analytics.answers_of(audit, questions, search):
            rows.append(
                (
                    audit.pk,
                    audit.case.child.reference,
                    audit.cycle.label if audit.cycle else analytics.NO_CYCLE,
                    audit.team.name,
                    answer["area"],
                    answer["theme"],
                    answer["text"],
                )
            )
    return Table(
        key="text-answers",
        title="Text answers",
        summary="Strengths and areas for development from submitted audits you may see.",
        headers=("Audit", analytics.CHILD_REFERENCE, "Cycle", "Team", "Area", "Theme", "Answer"),
        rows=rows,
    )
