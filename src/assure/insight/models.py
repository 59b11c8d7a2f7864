"""Insight records kept in the database: one row per imported Annex A snapshot.

The child-level rows themselves live as Parquet files under the snapshot's
storage path (read by the indicator engine); the database keeps who imported
what, when, and what the importer had to say about it.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models

from assure.core.fields import StampField


def snapshots_root() -> Path:
    return Path(settings.VAR_DIR) / "snapshots"


class AnnexASnapshot(models.Model):
    class Status(models.TextChoices):
        IMPORTED = "imported", "Imported"
        # Kept for rows marked unusable later (for example, withdrawn by the QA unit).
        WITHDRAWN = "withdrawn", "Withdrawn"

    as_of = models.DateField(help_text="The extract date: indicators are computed as at this date.")
    imported_at = StampField(auto_now_add=True)
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
    # The first 1,000 problems, their total and the summary (contract 1.1); every
    # problem is in the snapshot directory's problems.parquet.
    problems = models.JSONField(default=list)
    problems_total = models.PositiveIntegerField(default=0)
    problem_summary = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IMPORTED)

    class Meta:
        ordering = ["-as_of", "-imported_at"]
        indexes = [models.Index(fields=["status", "as_of"])]

    def __str__(self) -> str:
        return f"Annex A as at {self.as_of:%d/%m/%Y} ({self.source_filename})"

    @property
    def directory(self) -> Path:
        return snapshots_root() / self.storage_path


class AnnexAImportJob(models.Model):
    """One upload through the web page, imported by a background task.

    The page reads `status`, `progress` and `message` while the task runs, and
    `report` (the import report of the contract) once it has finished.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        IMPORTED = "imported", "Imported"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    FINISHED = (Status.IMPORTED, Status.REJECTED, Status.FAILED)

    created_at = StampField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annex_a_import_jobs",
    )
    as_of = models.DateField()
    source_filename = models.CharField(max_length=255)
    upload_path = models.CharField(
        max_length=500, blank=True, help_text="The uploaded file, removed once imported."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    message = models.CharField(max_length=500, blank=True)
    report = models.JSONField(default=dict, blank=True)
    snapshot = models.ForeignKey(
        AnnexASnapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    # Stamped at every step, so an import whose worker died is seen to have stopped.
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.source_filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class TeamNameMapping(models.Model):
    """An Annex A team name the authority's team names did not match, mapped once by hand.

    `key` is the name normalised (spacing collapsed) and case-folded, so the
    mapping holds whatever case or spacing a later file uses.
    """

    key = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=200, help_text="The name as the Annex A first wrote it.")
    team = models.ForeignKey("org.Team", on_delete=models.CASCADE, related_name="annex_a_names")
    updated_at = StampField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} -> {self.team_id}"


class IndicatorRun(models.Model):
    """The Part A indicators of one snapshot, computed once and kept for the pages."""

    snapshot = models.OneToOneField(
        AnnexASnapshot, on_delete=models.CASCADE, related_name="indicator_run"
    )
    computed_at = StampField(auto_now=True)
    la_code = models.CharField(max_length=20)
    population = models.PositiveIntegerField(null=True, blank=True)
    window_start = models.DateField()
    window_end = models.DateField()

    def __str__(self) -> str:
        return f"Indicators of snapshot {self.snapshot_id}"


class IndicatorValue(models.Model):
    """One output row of the indicator engine (indicators.md), stored."""

    run = models.ForeignKey(IndicatorRun, on_delete=models.CASCADE, related_name="values")
    indicator = models.CharField(max_length=80)
    level = models.CharField(max_length=20)
    unit = models.CharField(max_length=200)
    numerator = models.BigIntegerField(null=True, blank=True)
    denominator = models.BigIntegerField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["run", "level", "indicator"]),
            models.Index(fields=["run", "indicator"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.level} {self.unit}: {self.value}"
