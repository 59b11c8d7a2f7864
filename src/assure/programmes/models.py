"""QA programmes: Child Outcome Analysis, thematic audits, area learning events,
multi-agency audits and learning reviews, in one shape (contract.md, "QA programmes").

A programme has a lead, members, lines of enquiry with their evidence, a sample of
cases, observations (COA visits), findings, and actions (in the actions app, with
source_type "programme"). The sample and observations are child-level; the rest
is about practice, never a child.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assure.core.fields import StampField


class Programme(models.Model):
    class Kind(models.TextChoices):
        COA = "coa", "Child Outcome Analysis"
        THEMATIC = "thematic", "Thematic audit"
        LEARNING_EVENT = "learning_event", "Area learning event"
        MULTI_AGENCY = "multi_agency", "Multi-agency audit"
        LEARNING_REVIEW = "learning_review", "Learning review"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        COMPLETE = "complete", "Complete"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    district = models.ForeignKey(
        "org.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programmes_led"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = StampField(auto_now_add=True)
    # Thematic findings go to staff as a page once the circle approves them.
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "id"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Member(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"
        GUEST = "guest", "Guest"
        PARTNER = "partner", "Partner agency"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added = StampField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_membership_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) on programme {self.programme_id}"


class LineOfEnquiry(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="lines")
    text = models.TextField()
    # [{"type": "indicator", "id": "...", "text": "..."}, {"type": "note", "ref": "...", ...}]
    evidence = models.JSONField(default=list, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added = StampField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class SampledCase(models.Model):
    """One case in a programme's sample, with why it was drawn (seed and stratum)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sampled")
    case = models.ForeignKey("org.Case", on_delete=models.PROTECT, related_name="programme_samples")
    seed = models.PositiveIntegerField()
    reason = models.CharField(max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added = StampField(auto_now_add=True)
    # The case's audit in the audit loop, once the sample is sent for audit.
    audit = models.OneToOneField(
        "audits.Audit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_row",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "case"], name="one_sample_row_per_case")
        ]

    def __str__(self) -> str:
        return f"Case {self.case_id} in programme {self.programme_id}"


class Observation(models.Model):
    """A COA observation: a setting watched, answered with a versioned tool; saved as a draft."""

    class Setting(models.TextChoices):
        CONFERENCE = "conference", "Child protection conference"
        REVIEW = "review", "Child in care review"
        CIN_MEETING = "cin_meeting", "Child in need meeting"
        STEP_MEETING = "step_meeting", "Step up or step down meeting"
        PRE_PROCEEDINGS = "pre_proceedings", "Pre-proceedings meeting"
        STRATEGY = "strategy", "Strategy meeting"
        HOME_VISIT = "home_visit", "Home visit"
        SUPERVISION = "supervision", "Supervision session"
        TEAM_MEETING = "team_meeting", "Team meeting"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        DONE = "done", "Done"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="observations")
    setting = models.CharField(max_length=30, choices=Setting.choices)
    case = models.ForeignKey(
        "org.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    observed_on = models.DateField()
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    tool_key = models.CharField(max_length=60)
    tool_version = models.PositiveIntegerField()
    responses = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created = StampField(auto_now_add=True)

    class Meta:
        ordering = ["observed_on", "id"]

    def __str__(self) -> str:
        return f"Observation {self.pk} ({self.get_setting_display()})"


class Finding(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        DEVELOPMENT = "development", "Area for development"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField()
    theme = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added = StampField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]
