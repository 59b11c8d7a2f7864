"""Documents being made in the background: where one stands (contract, "Reports")."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Schema

from assure.reports.document_jobs import documents_of

from .errors import errors
from .urls import api


class TaskOut(Schema):
    status: str  # queued | running | done | failed
    progress: int  # 0 to 100
    document: str | None  # the download's URL once done
    message: str


@api.get("/tasks/{task}", response={200: TaskOut, **errors(401, 404)}, tags=["reports"])
def task_status(request: HttpRequest, task: str) -> dict[str, Any]:
    """A document the signed-in person asked for: its status, progress and, when done, its URL.

    Anyone else's task is 404, as is a task id that is not one.
    """
    try:
        token = uuid.UUID(task)
    except ValueError:
        raise Http404("No such task.") from None
    job = documents_of(request.user).filter(token=token).first()
    if job is None:
        raise Http404("No such task.")
    done = job.status == "done"
    return {
        "status": job.status,
        "progress": job.progress,
        "document": reverse("reports:document-file", args=[job.token]) if done else None,
        "message": job.message,
    }
