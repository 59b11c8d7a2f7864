"""The ChAT-style visual report of a snapshot as a Word document or a PDF, made in the
background (reports.document_jobs) for someone who may see the authority's figures."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from assure.core.policy import require_perm
from assure.core.roles import Perm
from assure.reports.document_jobs import Built, Progress

from .models import AnnexASnapshot
from .report.build import snapshot_report
from .report_docs import report_docx, report_pdf

KIND = "annex_a_report"
TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def build_report(user: Any, params: dict[str, Any], progress: Progress) -> Built:
    require_perm(user, Perm.VIEW_AGGREGATES)
    fmt = params.get("format")
    snapshot = AnnexASnapshot.objects.filter(
        pk=int(params.get("snapshot") or 0), status=AnnexASnapshot.Status.IMPORTED
    ).first()
    if fmt not in TYPES or snapshot is None:
        raise Http404("No such report.")
    progress(10, "Computing the figures of every section")
    report = snapshot_report(snapshot)
    progress(50, "Drawing the charts and writing the document")
    content = report_pdf(report) if fmt == "pdf" else report_docx(report)
    return Built(
        content=content,
        filename=f"annex-a-report-{report.as_of.isoformat()}.{fmt}",
        content_type=TYPES[fmt],
    )
