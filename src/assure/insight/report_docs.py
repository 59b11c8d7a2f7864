"""The visual report as one Word document and one PDF, from the reports toolkit's builder.

Both carry every chart as an image with its data table and its sentence,
and the Open Government Licence attribution wherever DfE figures appear
(under each section that shows them, and at the end); every page carries
the council's name and the protective marking.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from assure.reports.documents import (
    WordDocument,
    authority_name,
    chart_html,
    document_context,
    pdf_from_html,
)
from assure.reports.tables import NO_VALUE, cell_text

from .report import BENCHMARK_HEADERS, Report, benchmark_rows

__all__ = [
    "NO_VALUE",
    "benchmark_rows",
    "cell_text",
    "report_docx",
    "report_html",
    "report_pdf",
    "report_title",
]


def report_title(report: Report) -> str:
    return f"Performance report: Annex A as at {report.as_of:%d %B %Y}"


def report_docx(report: Report) -> bytes:
    """The report as a .docx file."""
    doc = WordDocument(report_title(report))
    doc.paragraph(
        f"{authority_name()}. Six months from {report.window_start:%d %B %Y} to "
        f"{report.window_end:%d %B %Y}; source file {report.source_filename}. "
        "Figures are counts and percentages only; no child is identified."
    )
    if report.missing_files:
        doc.paragraph("The files of this snapshot are missing from storage: the figures are empty.")
    if report.benchmark_note:
        doc.paragraph(report.benchmark_note)
    for section in report.sections:
        doc.section(section)
    if report.uses_dfe:
        doc.heading("Sources", 1)
        doc.paragraph(report.attribution)
    return doc.bytes()


def report_html(report: Report) -> str:
    """The print HTML the PDF is made from (charts as SVG data URIs)."""
    sections = [
        {
            "section": section,
            "charts": [chart_html(chart) for chart in section.charts],
            "benchmark_rows": benchmark_rows(section.benchmarks),
        }
        for section in report.sections
    ]
    return render_to_string(
        "insight/report_pdf.html",
        {
            **document_context(),
            "report": report,
            "title": report_title(report),
            "sections": sections,
            "benchmark_headers": BENCHMARK_HEADERS,
        },
    )


def report_pdf(report: Report) -> bytes:
    """The report as a PDF, from `report_html`."""
    return pdf_from_html(report_html(report))
