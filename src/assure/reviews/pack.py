"""The District Quarterly Accountability pack: one document, three forms.

For a chosen district and quarter: the chairs' QA figures, the charts with
their data tables and a sentence each, the practice alerts open now and
examples of appreciated practice. The same content is a web page, a Word
document and a PDF, both from the reports toolkit's one builder (so both
carry the council's name and the protective marking). No child's reference
appears in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from assure.core import clock
from assure.instruments.definitions import GRADE_LABELS, GRADES
from assure.reports.charts import Chart, svg_data_uri
from assure.reports.documents import WordDocument, pdf_from_html
from assure.reports.documents import document_context as print_context

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
    context = {**pack_context(pack, inline_charts=True), **print_context()}
    return render_to_string("reviews/pack_document.html", context)


def pack_pdf(pack: Pack) -> bytes:
    return pdf_from_html(pack_html(pack))


def pack_filename(pack: Pack, fmt: str) -> str:
    """The download's name; the district's name is made safe by `content_disposition`."""
    district = pack.unit.name.lower().replace(" ", "-")
    return f"accountability-pack-{district}-{pack.quarter.key}.{fmt}"


def pack_docx(pack: Pack) -> bytes:
    doc = WordDocument(pack.title)
    doc.paragraph(
        f"Chairs' and reviewing officers' quality assurance for {pack.unit.name} district, "
        f"{pack.quarter.label}. Made on {timezone.localtime(pack.made_at):%d %B %Y}."
    )
    doc.heading("The quarter in figures", 1)
    doc.table(("Measure", "Figure"), pack.headline_rows())
    doc.heading("Charts", 1)
    for chart in pack.charts:
        doc.chart(chart, level=2)
    doc.heading("Practice alerts open now", 1)
    if pack.open_alerts:
        doc.table(ALERT_HEADERS, pack.alert_rows())
    else:
        doc.paragraph("No practice alert is open.")
    doc.heading("Appreciated practice", 1)
    if not pack.appreciations:
        doc.paragraph("No practice appreciations this quarter.")
    for a in pack.appreciations:
        doc.bullet(
            a.text,
            f" (for {a.practitioner or 'the team'}, {a.team.name}; from {a.sent_by}, "
            f"{timezone.localtime(a.created):%d %B %Y})",
        )
    return doc.bytes()
