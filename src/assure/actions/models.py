"""Actions raised by any QA activity (an audit, its moderation, a chair's alert, a
meeting) and followed to completion, with every change kept as history.

An action may concern a child's case: `team` is that case's team (it decides who
sees the action beyond its owner, creator and their manager) and `child_ref` the
authority's child reference. Nothing else about the child is kept here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assure.core.fields import StampField


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    OUTSTANDING = (Status.OPEN, Status.IN_PROGRESS)

    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions_owned"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions_created"
    )
    created = StampField(auto_now_add=True)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # Where the action came from: "audit", "moderation", "meeting_qa", "alert", ...
    # Blank for an action raised on its own.
    source_type = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=60, blank=True)
    team = models.ForeignKey(
        "org.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The team whose case the action concerns",
    )
    child_ref = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["owner", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["team", "status"]),
        ]

    def __str__(self) -> str:
        return f"Action {self.pk}: {self.description[:60]}"

    @property
    def is_outstanding(self) -> bool:
        return self.status in self.OUTSTANDING

    def is_overdue_on(self, today: object) -> bool:
        return self.is_outstanding and self.due_date < today  # type: ignore[operator]


class ActionUpdate(models.Model):
    """One change to an action: the action's history, append-only by convention."""

    class Kind(models.TextChoices):
        CREATED = "created", "Raised"
        STATUS = "status", "Status changed"
        EVIDENCE = "evidence", "Evidence added"
        REASSIGNED = "reassigned", "Reassigned"
        DUE_DATE = "due_date", "Due date changed"
        COMMENT = "comment", "Comment"
        REMINDED = "reminded", "Owner reminded"
        ESCALATED = "escalated", "Line manager told"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    at = StampField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the reminders Assure sends by itself",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_value = models.CharField(max_length=200, blank=True)
    to_value = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["action", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on action {self.action_id}"
