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


class ScheduledReport(models.Model):
    """One report of the reporting schedule (the framework's Appendix B, and the council's own)."""

    class Cadence(models.TextChoices):
        DAILY = "daily", "Daily"
        MONTHLY = "monthly", "Monthly"
        BIMONTHLY = "bimonthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        TRIANNUAL = "triannual", "Every four months"
        ANNUAL = "annual", "Annually"

    # The API's `id`: a short stable name, e.g. "triannual-report".
    key = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    audience = models.CharField(max_length=300)
    difference = models.TextField(blank=True, help_text="What difference it makes to children")
    cadence = models.CharField(max_length=12, choices=Cadence.choices)
    # For an annual report: the month it is due in (Appendix B: "Annually (Oct)").
    due_month = models.PositiveSmallIntegerField(null=True, blank=True)
    # Days after its period ends that a report is due (an annual one with a month: ignored).
    due_days = models.PositiveSmallIntegerField(default=15)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scheduled_reports",
    )
    # What Assure makes for it: "triannual" (the whole report), or "" (a template
    # carrying the figures Assure holds, for its owner to complete).
    generator = models.CharField(max_length=30, blank=True)
    from_appendix_b = models.BooleanField(default=False)
    # The first period the schedule counts from (nothing is due before it).
    starts_on = models.DateField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ReportProduction(models.Model):
    """A report made for one of its periods: what was produced when, and by whom."""

    report = models.ForeignKey(
        ScheduledReport, on_delete=models.CASCADE, related_name="productions"
    )
    period = models.CharField(max_length=10)
    produced_at = models.DateTimeField()
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    job = models.ForeignKey(DocumentJob, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-produced_at"]
        indexes = [models.Index(fields=["report", "period"])]

    def __str__(self) -> str:
        return f"{self.report} for {self.period}"


class ScheduleReminder(models.Model):
    """A reminder sent to a report's owner, once per report and due date."""

    report = models.ForeignKey(ScheduledReport, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "due_on"], name="one_reminder_per_due_date")
        ]

    def __str__(self) -> str:
        return f"Reminder of {self.report} due {self.due_on}"


class TriannualEdition(models.Model):
    """The QA unit's edition of one period's triannual report: its words, and once
    approved, its figures frozen so the report never changes after sign-off."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "Waiting for sign-off"
        APPROVED = "approved", "Approved"

    period = models.CharField(max_length=7, unique=True)  # 2026-T3
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(blank=True)
    commentary = models.JSONField(default=dict)  # section key -> text
    version = models.PositiveIntegerField(default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The composed sections at approval, the full and the public version ({"full": [...],
    # "public": [...]}), from which every later copy of the report is made.
    frozen = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Triannual report {self.period} ({self.get_status_display()})"


class TriannualRevision(models.Model):
    """Every saved draft of an edition's words, so earlier drafts can be read again."""

    edition = models.ForeignKey(
        TriannualEdition, on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField()
    summary = models.TextField(blank=True)
    commentary = models.JSONField(default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.edition.period} draft {self.version}"
