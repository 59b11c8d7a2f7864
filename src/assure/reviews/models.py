"""Chairs' and reviewing officers' QA (framework section 2.6): conferences and
reviews, their QA, practice alerts that escalate to resolution, practice
appreciations and mid-way reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assure.audits.models import GRADE_CHOICES
from assure.core.fields import StampField


class Meeting(models.Model):
    class Kind(models.TextChoices):
        CP_CONFERENCE = "cp_conference", "Child protection conference"
        CIC_REVIEW = "cic_review", "Child in care review"

    class Stage(models.TextChoices):
        INITIAL = "initial", "Initial"
        REVIEW = "review", "Review"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.REVIEW)
    date = models.DateField()
    case = models.ForeignKey("org.Case", on_delete=models.PROTECT, related_name="meetings")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="meetings")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_as_worker",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_chaired"
    )
    source_ref = models.CharField(
        max_length=60, blank=True, help_text="The meeting's id in the case management system"
    )

    class Meta:
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["chair", "date"]), models.Index(fields=["team", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_ref"],
                condition=~models.Q(source_ref=""),
                name="unique_meeting_source_ref",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%d %b %Y}"

    @property
    def tool_key(self) -> str:
        return "cpc_qa" if self.kind == self.Kind.CP_CONFERENCE else "iro_qa"


class MeetingQA(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="qa")
    tool = models.ForeignKey("instruments.Tool", on_delete=models.PROTECT, related_name="+")
    responses = models.JSONField(default=dict)
    grade = models.CharField(max_length=30, choices=GRADE_CHOICES)
    urgent = models.BooleanField(default=False)
    concern = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = StampField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["grade"]), models.Index(fields=["recorded_at"])]

    def __str__(self) -> str:
        return f"QA of {self.meeting}: {self.grade}"


class PracticeAlert(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESPONDED = "responded", "Responded"
        RESOLVED = "resolved", "Resolved"

    class Reason(models.TextChoices):
        INADEQUATE = "inadequate", "Practice graded inadequate"
        URGENT = "urgent", "Urgent or significant practice issue"
        MIDWAY = "midway", "Raised at a mid-way review"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="alerts")
    qa = models.ForeignKey(
        MeetingQA, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="alerts")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts_about",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alerts_raised"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    concern = models.TextField()
    stage = models.PositiveSmallIntegerField(default=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="alerts_owned"
    )
    due = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField()
    reminded_stage = models.PositiveSmallIntegerField(default=0)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["status", "due"]), models.Index(fields=["team", "status"])]

    def __str__(self) -> str:
        return f"Practice alert {self.pk} (stage {self.stage}, {self.status})"


class AlertEvent(models.Model):
    """Every step of an alert: nothing is deleted or overwritten."""

    alert = models.ForeignKey(PracticeAlert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20)  # raised, reminded, escalated, responded, resolved
    stage = models.PositiveSmallIntegerField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    text = models.TextField(blank=True)

    class Meta:
        # Insertion order is the order things happened, even when a run of
        # `alerts escalate --now` records a moment other than the clock's.
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} at stage {self.stage}"


class Appreciation(models.Model):
    qa = models.ForeignKey(
        MeetingQA, on_delete=models.PROTECT, null=True, blank=True, related_name="appreciations"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="appreciations")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="appreciations")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="appreciations"
    )
    text = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField()

    class Meta:
        ordering = ["-created", "id"]

    def __str__(self) -> str:
        return f"Practice appreciation for {self.practitioner}"


class MidwayReview(models.Model):
    """Between meetings: is each decision of the last meeting being carried out?"""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="midway_reviews")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    # [{"decision": str, "status": "implemented"|"in_progress"|"not_started", "note": str}]
    items = models.JSONField(default=list)
    alert = models.ForeignKey(
        PracticeAlert, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = StampField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"Mid-way review of {self.meeting}"


class ChairCheck(models.Model):
    """A chair's meeting QA sampled for the monthly consistency audit of chairs' practice.

    The QA unit draws a seeded sample (N per chair per month); a QA officer
    reads the meeting's QA and says whether they agree with the chair's grade.
    """

    class Decision(models.TextChoices):
        AGREE = "agree", "Agree with the chair's grade"
        DISAGREE = "disagree", "Disagree with the chair's grade"

    qa = models.ForeignKey(MeetingQA, on_delete=models.PROTECT, related_name="checks")
    month = models.DateField(help_text="The first day of the month sampled")
    seed = models.PositiveIntegerField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField()
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    checker_grade = models.CharField(max_length=30, choices=GRADE_CHOICES, blank=True)
    note = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["qa", "month"], name="unique_chair_check_per_month")
        ]

    def __str__(self) -> str:
        return f"Consistency check of {self.qa.meeting}"
