"""Every Word document Assure makes carries the council's name and the protective marking."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from assure.audits.documents import audit_docx
from assure.audits.models import Audit
from assure.insight.models import AnnexASnapshot
from assure.insight.report import snapshot_report
from assure.insight.report_docs import report_docx, report_html
from assure.reports.documents import WordDocument, page_css
from assure.reviews.dashboard import Quarter
from assure.reviews.pack import pack_build, pack_docx
from tests.audits.conftest import allocated, cycle  # noqa: F401  (the fixtures)
from tests.conftest import World
from tests.insight.report.conftest import snapshot, var_dir  # noqa: F401  (the fixtures)
from tests.reviews.test_dashboard import handmade  # noqa: F401  (the fixture)

COUNCIL = "Wealdshire County Council"
MARKING = "OFFICIAL-SENSITIVE: PERSONAL"


@pytest.fixture(autouse=True)
def _council(settings: Any) -> None:
    settings.ASSURE_AUTHORITY_NAME = COUNCIL
    settings.ASSURE_PROTECTIVE_MARKING = MARKING


def header_and_footer(content: bytes) -> tuple[str, str]:
    section = Document(io.BytesIO(content)).sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    footer = "\n".join(p.text for p in section.footer.paragraphs)
    return header, footer


def assert_marked(content: bytes) -> None:
    header, footer = header_and_footer(content)
    assert COUNCIL in header and MARKING in header
    assert MARKING in footer


@pytest.mark.django_db  # the authority's settings row names it
def test_the_builder_marks_every_page_and_styles_its_headings() -> None:
    doc = WordDocument("A title")
    doc.heading("A section", 1)
    doc.paragraph("Some words.")
    content = doc.bytes()
    assert_marked(content)
    document = Document(io.BytesIO(content))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[:2] == ["Title", "Heading 1"]
    assert document.styles["Heading 1"].font.name == "Arial"


@pytest.mark.django_db  # the authority's settings row names it
def test_the_marking_defaults_to_official_sensitive(settings: Any) -> None:
    del settings.ASSURE_PROTECTIVE_MARKING
    header, _ = header_and_footer(WordDocument("A title").bytes())
    assert "OFFICIAL-SENSITIVE" in header


@pytest.mark.django_db
def test_the_audit_document_is_marked(allocated: Audit) -> None:  # noqa: F811
    assert_marked(audit_docx(allocated))


@pytest.mark.django_db
def test_the_district_pack_is_marked(world: World, handmade: Any) -> None:  # noqa: F811
    made = datetime(2026, 12, 31, 12, tzinfo=ZoneInfo("Europe/London"))
    pack = pack_build(handmade["district"], Quarter(2026, 4), now=made)
    assert_marked(pack_docx(pack))


@pytest.mark.django_db
def test_the_visual_report_is_marked(snapshot: AnnexASnapshot) -> None:  # noqa: F811
    report = snapshot_report(snapshot)
    assert_marked(report_docx(report))
    # The PDF's pages carry both too, from the builder's page rules.
    assert COUNCIL in page_css() and MARKING in page_css()
    assert report_html(report)


@pytest.mark.django_db  # the authority's settings row names it
def test_page_rules_cannot_be_broken_out_of(settings: Any) -> None:
    settings.ASSURE_AUTHORITY_NAME = 'Evil"; } body { display: none } @page { x: "'
    css = page_css()
    assert '\\"; }' in css and 'Evil"; }' not in css
