"""The visual report as one Word document (python-docx) and one PDF (WeasyPrint).

Both carry every chart as an image with its data table and its sentence,
and the Open Government Licence attribution wherever DfE figures appear
(under each section that shows them, and at the end).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document
from docx.shared import Cm, Pt

from .charts import Cell, Chart, render_png, svg_data_uri
from .report import BenchmarkLine, Report

NO_VALUE = "\u2013"  # an en dash: no value

BENCHMARK_HEADERS = (
    "Indicator",
    "This Annex A",
    "Published",
    "Statistical neighbours",
    "Region",
    "England",
)


def cell_text(value: Cell) -> str:
    if value is None:
        return NO_VALUE
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def benchmark_rows(lines: Sequence[BenchmarkLine]) -> list[tuple[str, ...]]:
    return [
        (
            f"{b.label} ({b.year})",
            cell_text(b.own),
            cell_text(b.value),
            cell_text(b.sn_median),
            cell_text(b.region),
            cell_text(b.england),
        )
        for b in lines
    ]


def report_title(report: Report) -> str:
    return f"Performance report: Annex A as at {report.as_of:%d %B %Y}"


def authority_name() -> str:
    return str(getattr(settings, "ASSURE_AUTHORITY_NAME", "") or "The authority")


# ----------------------------------------------------------------- Word


def _table(document: object, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _chart_docx(document: object, chart: Chart) -> None:
    document.add_heading(chart.title, level=3)  # type: ignore[attr-defined]
    document.add_picture(io.BytesIO(render_png(chart)), width=Cm(16))  # type: ignore[attr-defined]
    document.add_paragraph(chart.summary)  # type: ignore[attr-defined]
    caption = document.add_paragraph()  # type: ignore[attr-defined]
    caption.add_run(f"Table: {chart.title}").italic = True
    _table(document, chart.headers, [[cell_text(v) for v in row] for row in chart.rows])


def report_docx(report: Report) -> bytes:
    """The report as a .docx file."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    document.add_heading(report_title(report), level=0)
    document.add_paragraph(
        f"{authority_name()}. Six months from {report.window_start:%d %B %Y} to "
        f"{report.window_end:%d %B %Y}; source file {report.source_filename}. "
        "Figures are counts and percentages only; no child is identified."
    )
    if report.missing_files:
        document.add_paragraph(
            "The files of this snapshot are missing from storage: the figures are empty."
        )
    if report.benchmark_note:
        document.add_paragraph(report.benchmark_note)
    for section in report.sections:
        document.add_heading(section.title, level=1)
        document.add_paragraph(section.intro)
        for note in section.notes:
            document.add_paragraph(note)
        for chart in section.charts:
            _chart_docx(document, chart)
        if section.benchmarks:
            document.add_heading("Beside the published figures", level=3)
            _table(document, BENCHMARK_HEADERS, benchmark_rows(section.benchmarks))
            document.add_paragraph(report.attribution)
        if not section.charts:
            document.add_paragraph("No figures: the lists this section reads were not imported.")
    if report.uses_dfe:
        document.add_heading("Sources", level=1)
        document.add_paragraph(report.attribution)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ PDF


def report_html(report: Report) -> str:
    """The print HTML the PDF is made from (charts as SVG data URIs)."""
    sections = [
        {
            "section": section,
            "charts": [
                {
                    "chart": chart,
                    "image": svg_data_uri(chart),
                    "rows": [[cell_text(v) for v in row] for row in chart.rows],
                }
                for chart in section.charts
            ],
            "benchmark_rows": benchmark_rows(section.benchmarks),
        }
        for section in report.sections
    ]
    return render_to_string(
        "insight/report_pdf.html",
        {
            "report": report,
            "title": report_title(report),
            "authority": authority_name(),
            "sections": sections,
            "benchmark_headers": BENCHMARK_HEADERS,
        },
    )


def report_pdf(report: Report) -> bytes:
    """The report as a PDF, from `report_html` with WeasyPrint."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(report)).write_pdf()
    return pdf
