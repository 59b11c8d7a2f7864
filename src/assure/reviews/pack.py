"""The District Quarterly Accountability pack: one document, three forms.

For a chosen district and quarter: the chairs' QA figures, the charts with
their data tables and a sentence each, the practice alerts open now and
examples of appreciated practice. The same content is a web page, a Word
document (python-docx, charts as PNG) and a PDF (WeasyPrint, charts as SVG).
No child's reference appears in it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from assure.core import clock
from assure.insight.charts import Chart, render_png, svg_data_uri
from assure.instruments.definitions import GRADE_LABELS, GRADES

from .dashboard import Figures, Quarter, Unit, charts, figures
from .models import Appreciation, PracticeAlert
from .stages import STAGES

EXAMPLES = 6


@dataclass
class Pack:
    unit: Unit
    quarter: Quarter
    figures: Figures
    charts: list[Chart]
    open_alerts: list[PracticeAlert]
    appreciations: list[Appreciation]
    made_at: datetime

    @property
    def title(self) -> str:
        return f"{self.unit.name} District Quarterly Accountability pack, {self.quarter.key}"

    def headline_rows(self) -> list[tuple[str, str]]:
        f = self.figures
        return [
            ("Conferences and reviews held", f"{f.meetings:,}"),
            ("Quality-assured by the chair", f"{f.qa_done:,}"),
            ("Graded good or better", _pct(f.good_or_better_pct)),
            *((f"Graded {GRADE_LABELS[g].lower()}", f"{f.grades[g]:,}") for g in GRADES),
            ("Practice alerts raised", f"{f.alerts_raised:,}"),
            ("Practice alerts resolved", f"{f.alerts_resolved:,}"),
            (
                "Median time to resolve",
                "no alert resolved"
                if f.median_days_to_resolve is None
                else f"{f.median_days_to_resolve:g} days",
            ),
            ("Practice alerts open now", f"{f.alerts_open:,}"),
            ("Open alerts overdue for a response", f"{f.overdue:,}"),
            ("Practice appreciations", f"{f.appreciations:,}"),
            (
                "Mid-way reviews completed",
                f"{f.midway_done:,} of {f.midway_due:,} ({_pct(f.midway_pct)})",
            ),
        ]

    def alert_rows(self) -> list[tuple[str, ...]]:
        now = self.made_at
        return [
            (
                a.team.name,
                a.get_reason_display(),
                f"{a.stage}: {STAGES.get(a.stage, '')}",
                str(a.owner or "Nobody in post"),
                f"{timezone.localtime(a.created):%d %b %Y}",
                f"{timezone.localtime(a.due):%d %b %Y}"
                + (" (overdue)" if a.status == PracticeAlert.Status.OPEN and a.due < now else ""),
                a.get_status_display(),
            )
            for a in self.open_alerts
        ]


ALERT_HEADERS = ("Team", "Reason", "Stage", "Who must respond", "Raised", "Due", "Status")


def _pct(value: float | None) -> str:
    return "no value" if value is None else f"{value:g}%"


def pack_build(unit: Unit, quarter: Quarter, *, now: datetime | None = None) -> Pack:
    now = now or clock.now()
    f = figures(unit, quarter, span=4, headline_span=1, chairs=True, now=now)
    open_alerts = list(
        PracticeAlert.objects.filter(unit.scope())
        .exclude(status=PracticeAlert.Status.RESOLVED)
        .select_related("team", "owner")
        .order_by("due", "pk")[:200]
    )
    appreciations = list(
        Appreciation.objects.filter(
            unit.scope(), created__date__gte=quarter.start, created__date__lte=quarter.end
        )
        .select_related("team", "practitioner", "sent_by")
        .order_by("-created", "pk")[:EXAMPLES]
    )
    return Pack(
        unit=unit,
        quarter=quarter,
        figures=f,
        charts=charts(f),
        open_alerts=open_alerts,
        appreciations=appreciations,
        made_at=now,
    )


def pack_context(pack: Pack, *, inline_charts: bool) -> dict[str, Any]:
    return {
        "pack": pack,
        "headline": pack.headline_rows(),
        "alert_headers": ALERT_HEADERS,
        "alert_rows": pack.alert_rows(),
        "charts": [
            {"chart": c, "src": svg_data_uri(c) if inline_charts else ""} for c in pack.charts
        ],
    }


def pack_html(pack: Pack) -> str:
    """A stand-alone HTML document (for the PDF), charts inline as SVG."""
    return render_to_string("reviews/pack_document.html", pack_context(pack, inline_charts=True))


def pack_pdf(pack: Pack) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=pack_html(pack)).write_pdf()
    return pdf


def _cell(value: Any) -> str:
    if value is None:
        return "no value"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(
    document: Any, headers: tuple[str, ...] | list[str], rows: list[tuple[Any, ...]]
) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = _cell(value)


def pack_docx(pack: Pack) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(pack.title, level=0)
    doc.add_paragraph(
        f"Chairs' and reviewing officers' quality assurance for {pack.unit.name} district, "
        f"{pack.quarter.label}. Made on {timezone.localtime(pack.made_at):%d %B %Y}."
    )
    doc.add_heading("The quarter in figures", level=1)
    _table(doc, ("Measure", "Figure"), pack.headline_rows())
    doc.add_heading("Charts", level=1)
    for chart in pack.charts:
        doc.add_heading(chart.title, level=2)
        doc.add_picture(io.BytesIO(render_png(chart)), width=Cm(16))
        doc.add_paragraph(chart.summary)
        _table(doc, chart.headers, list(chart.rows))
    doc.add_heading("Practice alerts open now", level=1)
    if pack.open_alerts:
        _table(doc, ALERT_HEADERS, pack.alert_rows())
    else:
        doc.add_paragraph("No practice alert is open.")
    doc.add_heading("Appreciated practice", level=1)
    if not pack.appreciations:
        doc.add_paragraph("No practice appreciations this quarter.")
    for a in pack.appreciations:
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(a.text)
        p.add_run(
            f" (for {a.practitioner or 'the team'}, {a.team.name}; from {a.sent_by}, "
            f"{timezone.localtime(a.created):%d %B %Y})"
        ).italic = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
