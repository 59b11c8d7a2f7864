"""Insight records kept in the database: one row per imported Annex A snapshot.

The child-level rows themselves live as Parquet files under the snapshot's
storage path (read by the indicator engine); the database keeps who imported
what, when, and what the importer had to say about it.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models


def snapshots_root() -> Path:
    return Path(settings.VAR_DIR) / "snapshots"


class AnnexASnapshot(models.Model):
    class Status(models.TextChoices):
        IMPORTED = "imported", "Imported"
        # Kept for rows marked unusable later (for example, withdrawn by the QA unit).
        WITHDRAWN = "withdrawn", "Withdrawn"

    as_of = models.DateField(help_text="The extract date: indicators are computed as at this date.")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annex_a_snapshots",
    )
    source_filename = models.CharField(max_length=255)
    storage_path = models.CharField(
        max_length=500, help_text="Directory of the Parquet files, relative to the snapshots root."
    )
    row_counts = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IMPORTED)

    class Meta:
        ordering = ["-as_of", "-imported_at"]
        indexes = [models.Index(fields=["status", "as_of"])]

    def __str__(self) -> str:
        return f"Annex A as at {self.as_of:%d/%m/%Y} ({self.source_filename})"

    @property
    def directory(self) -> Path:
        return snapshots_root() / self.storage_path
