"""The triannual report as Word (heading styles, a contents page), an accessible HTML page and PDF.

Word and PDF carry the council's name and the protective marking on every
page (the toolkit's builders). The HTML is one standalone page: `h1` the
report, `h2` each section, every chart an image with its data table, so it
can be published as it is.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from assure.reports.documents import (
    WordDocument,
    authority_name,
    chart_html,
    document_context,
    pdf_from_html,
)

from .report import TriannualReport

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def _lede(report: TriannualReport) -> str:
    version = (
        "This version leaves out counts under 5 and anything written about a child."
        if report.context.public
        else "Figures are counts and percentages only; no child is identified."
    )
    if report.approved:
        state = (
            f"Approved on {report.made_at:%d %B %Y}: its figures are those of that day and "
            "do not change."
        )
    else:
        state = (
            f"A draft made on {report.made_at:%d %B %Y at %H:%M}: its figures are that "
            "moment's and are frozen only when the report is approved."
        )
    return (
        f"{authority_name()}. {report.context.period.label}, each figure beside the period "
        f"before and the same period a year before. {state} {version}"
    )


def _contents(doc: WordDocument) -> None:
    """A contents field Word fills in from the heading styles when the file is opened."""
    doc.heading("Contents", 1)
    paragraph = doc.document.add_paragraph()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), 'TOC \\o "1-1" \\h \\z \\u')
    field.set(qn("w:dirty"), "true")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "Open the document in Word and update this field to list the sections."
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    # Word and LibreOffice refresh fields marked dirty when they open the file.
    settings = doc.document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def triannual_docx(report: TriannualReport) -> bytes:
    doc = WordDocument(report.title)
    doc.paragraph(_lede(report))
    _contents(doc)
    if report.summary:
        doc.heading("Executive summary", 1)
        for paragraph in report.summary.split("\n\n"):
            doc.paragraph(paragraph)
    for section in report.sections:
        doc.section(section, level=1)
        words = report.commentary.get(section.key, "")
        if words:
            doc.heading("Commentary", 2)
            for paragraph in words.split("\n\n"):
                doc.paragraph(paragraph)
    return doc.bytes()


def triannual_html(report: TriannualReport, *, for_print: bool = False) -> str:
    sections: list[dict[str, Any]] = [
        {
            "section": s,
            "charts": [chart_html(c) for c in s.charts],
            "commentary": report.commentary.get(s.key, ""),
        }
        for s in report.sections
    ]
    return render_to_string(
        "reports/triannual.html",
        {
            **document_context(),
            "report": report,
            "title": report.title,
            "lede": _lede(report),
            "sections": sections,
            "for_print": for_print,
        },
    )


def triannual_pdf(report: TriannualReport) -> bytes:
    return pdf_from_html(triannual_html(report, for_print=True))


def triannual_document(report: TriannualReport, fmt: str) -> bytes:
    if fmt == "docx":
        return triannual_docx(report)
    if fmt == "pdf":
        return triannual_pdf(report)
    return triannual_html(report).encode("utf-8")
