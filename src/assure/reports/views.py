"""A requested document's page (its progress, then its download) and the file itself."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from assure.core.access import requires
from assure.core.roles import Perm

from .document_jobs import document_file, documents_of
from .downloads import download


@requires(Perm.VIEW_HOME, object_level=True)
def document(request: HttpRequest, document: str) -> HttpResponse:
    job = get_object_or_404(documents_of(request.user), token=document)
    response = render(request, "reports/document.html", {"job": job})
    if not job.finished:
        response["Refresh"] = "2"  # the page follows the work without any script
    return response


@requires(Perm.VIEW_HOME, object_level=True)
def document_download(request: HttpRequest, document: str) -> HttpResponse:
    job = get_object_or_404(documents_of(request.user), token=document, status="done")
    response = download(document_file(actor=request.user, job=job), job.content_type, job.filename)
    response["Cache-Control"] = "private, no-store"
    return response
