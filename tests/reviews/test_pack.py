"""The District Quarterly Accountability pack: a web page, a Word document and a PDF."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from assure.core.models import AuditEvent
from assure.reports.models import DocumentJob
from tests.conftest import World
from tests.reports.documents import fetch_document
from tests.reviews.test_dashboard import handmade  # noqa: F401  (the fixture)


@pytest.mark.django_db
def test_pack_page_word_and_pdf(
    world: World,
    handmade: Any,  # noqa: F811
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for("service_manager")
    query = {"district": world.district_a.pk, "quarter": "2026-Q4"}
    page = client.get("/chairs/pack/", query)
    html = page.content.decode()
    assert page.status_code == 200
    assert "District A, 2026-Q4" in html and "Appreciated practice" in html
    assert "REF-" not in html  # no child is identified
    assert html.count('class="assure-chart"') == html.count("Table: ")

    capture = django_capture_on_commit_callbacks
    word = fetch_document(client, capture, "/chairs/pack/", {**query, "format": "docx"})
    assert word["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "District A" in text and "Practice alerts open now" in text
    assert len(document.inline_shapes) >= 5  # the charts
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "Median time to resolve" in cells

    pdf = fetch_document(client, capture, "/chairs/pack/", {**query, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_type="reviews.pack").count() == 2
    # Each file taken is trailed too, and nobody else may open the documents.
    assert (
        AuditEvent.objects.filter(action="export", object_type="reports.documentjob").count() == 2
    )
    other = client_for("director")
    for job in DocumentJob.objects.all():
        assert other.get(f"/documents/{job.token}/").status_code == 404
        assert other.get(f"/documents/{job.token}/file").status_code == 404


@pytest.mark.django_db
def test_pack_is_for_districts_in_scope(world: World, client_for: Any) -> None:
    assert client_for("elected_member").get("/chairs/pack/").status_code == 403
    assert client_for("practitioner").get("/chairs/pack/").status_code == 403
    assert client_for("director").get("/chairs/pack/", {"district": 999999}).status_code == 404
