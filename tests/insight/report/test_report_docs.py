"""The report as a PDF and a Word document, each with the charts, tables and attribution."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from assure.insight.benchmarks import ATTRIBUTION
from assure.insight.models import AnnexASnapshot
from assure.insight.report import snapshot_report
from assure.insight.report_docs import report_docx, report_html, report_pdf

pytestmark = pytest.mark.django_db


def test_word_document(snapshot: AnnexASnapshot, settings: Any) -> None:
    settings.ASSURE_LA_CODE = "886"
    report = snapshot_report(snapshot)
    document = Document(io.BytesIO(report_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert ATTRIBUTION in text
    assert "Volumes and rates" in text and "Adoption timeliness" in text
    for chart in report.charts:
        assert chart.summary in text
    # One picture and one table per chart, and a table of published figures per section using them.
    assert len(document.inline_shapes) == len(report.charts)
    with_benchmarks = sum(1 for s in report.sections if s.benchmarks)
    assert len(document.tables) == len(report.charts) + with_benchmarks


def test_pdf(snapshot: AnnexASnapshot, settings: Any) -> None:
    settings.ASSURE_LA_CODE = "886"
    report = snapshot_report(snapshot)
    html = report_html(report)
    assert html.count("data:image/svg+xml;base64,") == len(report.charts)
    assert ATTRIBUTION in html
    pdf = report_pdf(report)
    assert pdf.startswith(b"%PDF")


def test_no_attribution_without_dfe_figures(snapshot: AnnexASnapshot, settings: Any) -> None:
    settings.ASSURE_LA_CODE = "999"
    settings.ASSURE_BENCHMARK_LA_CODE = None  # no stand-in: the code stays unknown
    report = snapshot_report(snapshot)
    document = Document(io.BytesIO(report_docx(report)))
    assert ATTRIBUTION not in "\n".join(p.text for p in document.paragraphs)
