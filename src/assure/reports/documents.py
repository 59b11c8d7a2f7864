"""The one Word and PDF builder: every document Assure produces is made here.

Word documents are written with python-docx through `WordDocument`; PDFs are
printed from HTML with WeasyPrint through `pdf_from_html`. Either way each
page carries, in its header, the council's name (`ASSURE_AUTHORITY_NAME`)
and the protective marking (`ASSURE_PROTECTIVE_MARKING`, by default
OFFICIAL-SENSITIVE), and the marking again at the foot: a printed page that
leaves the building says whose it is and how to handle it.

Headings use the document's own heading styles (Title, Heading 1 to 3), so
Word's navigation pane and a screen reader find the structure, in one font.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from .charts import Cell, Chart, render_png, svg_data_uri
from .sections import Section
from .tables import Table, cell_text, text_rows

FONT = "Arial"
TEXT_COLOUR = RGBColor(0x0B, 0x0C, 0x0C)
HEADING_SIZES = {"Title": 24, "Heading 1": 16, "Heading 2": 13, "Heading 3": 11.5}


def authority_name() -> str:
    """The authority's settings (`assure setup`, the settings page), else the environment."""
    from assure.authority import settings_reader

    return settings_reader.authority_name() or "The authority"


def protective_marking() -> str:
    from assure.authority import settings_reader

    return settings_reader.protective_marking() or "OFFICIAL-SENSITIVE"


def document_context() -> dict[str, str]:
    """For an HTML template that prints: the council's name and the marking."""
    return {"authority": authority_name(), "marking": protective_marking()}


# ----------------------------------------------------------------- Word


class WordDocument:
    """A Word document with the council's header, the marking and the heading styles."""

    def __init__(self, title: str) -> None:
        self.document: Any = Document()
        self._styles()
        self._header_and_footer()
        self.document.add_heading(title, level=0)

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(11)
        for name, size in HEADING_SIZES.items():
            style = styles[name]
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.color.rgb = TEXT_COLOUR

    def _header_and_footer(self) -> None:
        marking = protective_marking()
        section = self.document.sections[0]
        header = section.header.paragraphs[0]
        header.text = f"{authority_name()}\t\t{marking}"
        footer = section.footer.paragraphs[0]
        footer.text = marking
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for paragraph in (header, footer):
            for run in paragraph.runs:
                run.bold = True
                run.font.size = Pt(9)

    # What a document is made of -------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(text, level=level)

    def paragraph(self, text: str, *, italic: bool = False, bold: bool = False) -> Any:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(text)
        run.italic, run.bold = italic, bold
        return paragraph

    def bullet(self, text: str, aside: str = "") -> None:
        paragraph = self.document.add_paragraph(style="List Bullet")
        paragraph.add_run(text)
        if aside:
            paragraph.add_run(aside).italic = True

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value if isinstance(value, str) else cell_text(value)

    def facts(self, pairs: Sequence[tuple[str, str]]) -> None:
        """A two-column table of label and value, with no header row."""
        table = self.document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in pairs:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value

    def chart(self, chart: Chart, *, level: int = 3) -> None:
        """The chart as an image, its sentence, then its data table."""
        self.heading(chart.title, level)
        self.document.add_picture(io.BytesIO(render_png(chart)), width=Cm(16))
        self.paragraph(chart.summary)
        self.paragraph(f"Table: {chart.title}", italic=True)
        self.table(chart.headers, text_rows(chart.rows))

    def standalone_table(self, table: Table, *, level: int = 3) -> None:
        self.heading(table.title, level)
        self.table(table.headers, table.text_rows)
        if table.note:
            self.paragraph(table.note)

    def section(self, section: Section, *, level: int = 1) -> None:
        """A composed report section: heading, sentences, charts and tables."""
        self.heading(section.title, level)
        if section.intro:
            self.paragraph(section.intro)
        for note in section.notes:
            self.paragraph(note)
        for chart in section.charts:
            self.chart(chart, level=min(level + 2, 3))
        for table in section.tables:
            self.standalone_table(table, level=min(level + 2, 3))
        if section.is_empty:
            self.paragraph(section.empty_text)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


# ------------------------------------------------------------------ PDF


def _css_string(text: str) -> str:
    cleaned = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{cleaned}"'


def page_css() -> str:
    """The @page rules that put the council's name and the marking on every page."""
    return (
        "@page { @top-left { content: "
        + _css_string(authority_name())
        + "; font: bold 9pt Arial, sans-serif; } @top-right { content: "
        + _css_string(protective_marking())
        + "; font: bold 9pt Arial, sans-serif; } @bottom-left { content: "
        + _css_string(protective_marking())
        + "; font: bold 9pt Arial, sans-serif; } }"
    )


def chart_html(chart: Chart) -> dict[str, Any]:
    """A chart for a print template: the SVG as a data URI and its rows as text."""
    return {"chart": chart, "image": svg_data_uri(chart), "rows": text_rows(chart.rows)}


def pdf_from_html(html: str) -> bytes:
    """The PDF of a print template, with the council's name and marking on every page."""
    from weasyprint import CSS, HTML

    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[CSS(string=page_css())])
    return pdf
