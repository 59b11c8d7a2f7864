"""Documents made in the background: a request, its progress, and the file it made."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from assure.core.fields import StampField


class DocumentJob(models.Model):
    """One document someone asked for (a visual report, a pack, a triannual report).

    Documents of more than a page are not made in the request: the page that asks
    creates one of these, a worker builds the file with the asker's own permissions,
    and the asker follows its progress and downloads it. Only the asker sees it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Could not be made"

    FINISHED = (Status.DONE, Status.FAILED)

    # The API's task id (GET /api/v1/tasks/{task}): not guessable, not a count of jobs.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_jobs"
    )
    created_at = StampField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    message = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    storage_path = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Stamped at every step, so a job whose worker died is seen to have stopped (jobs.py).
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "kind", "status"]),
            models.Index(fields=["status", "updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED
