"""The case audit cycle: cycles and their calendar, samples, audits, moderation,
appreciative inquiry. Framework sections 2.1 and 3.3."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from assure.core.fields import StampField
from assure.core.grades import GRADE_LABELS, GRADE_RANK  # noqa: F401 - GRADE_RANK re-exported

GRADE_CHOICES = list(GRADE_LABELS.items())


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


class Cycle(models.Model):
    """One four-month cycle: audit, moderation and AI, audit, moderation."""

    year = models.PositiveIntegerField()
    number = models.PositiveSmallIntegerField(help_text="1, 2 or 3 in the year")
    starts_on = models.DateField(help_text="The first day of the cycle's first month")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="unique_cycle")]
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.year} cycle {self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}-T{self.number}"

    def month_start(self, month: int) -> date:
        """The first day of the cycle's month 1 to 4."""
        return add_months(self.starts_on, month - 1)

    def month_end(self, month: int) -> date:
        from datetime import timedelta

        return add_months(self.starts_on, month) - timedelta(days=1)


class CalendarEntry(models.Model):
    """The QA unit's calendar of all QA activity; audit dates drive due dates."""

    class Kind(models.TextChoices):
        AUDIT = "audit", "Audit month"
        MODERATION = "moderation", "Moderation and appreciative inquiry"
        COA = "coa", "Child Outcome Analysis visit"
        THEMATIC = "thematic", "Thematic audit"
        LEARNING = "learning_event", "Area learning event"
        REPORT = "report", "Triannual report"
        OTHER = "other", "Other"

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    round = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For audit and moderation months: round 1 or 2"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_on", "kind"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d %b} to {self.ends_on:%d %b %Y})"


class Sample(models.Model):
    """The cases drawn for one audit month, reproducible from its seed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being reviewed"
        ALLOCATED = "allocated", "Allocated"

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="samples")
    round = models.PositiveSmallIntegerField(help_text="1: month 1; 2: month 3")
    seed = models.BigIntegerField()
    target_size = models.PositiveIntegerField()
    min_per_team = models.PositiveIntegerField()
    exclude_months = models.PositiveIntegerField()
    eligible_cases = models.PositiveIntegerField(default=0)
    drawn_at = StampField(auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "round"], name="one_sample_per_round")
        ]

    def __str__(self) -> str:
        return f"Sample for {self.cycle}, round {self.round}"


class SampleItem(models.Model):
    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("org.Case", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="+")
    stratum_size = models.PositiveIntegerField(help_text="The team's eligible open cases")
    stratum_quota = models.PositiveIntegerField(help_text="How many the team's stratum drew")
    draw = models.PositiveIntegerField(help_text="This case's place in its team's draw")
    swapped_out = models.BooleanField(default=False)
    swap_reason = models.CharField(max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )

    class Meta:
        ordering = ["team__name", "draw"]

    def __str__(self) -> str:
        return f"{self.case} in {self.sample}"

    @property
    def why(self) -> str:
        text = (
            f"Drawn {self.draw} of {self.stratum_quota} from {self.team}'s "
            f"{self.stratum_size} eligible open cases (seed {self.sample.seed})."
        )
        if self.replaces_id:
            text += " It replaced a case swapped out by the QA unit."
        return text


class Audit(models.Model):
    class Status(models.TextChoices):
        ALLOCATED = "allocated", "Allocated"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        IN_MODERATION = "in_moderation", "In moderation"
        FINALISED = "finalised", "Finalised"

    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="audits", null=True, blank=True
    )
    round = models.PositiveSmallIntegerField(default=1)
    sample_item = models.OneToOneField(
        SampleItem, on_delete=models.PROTECT, null=True, blank=True, related_name="audit"
    )
    case = models.ForeignKey("org.Case", on_delete=models.PROTECT, related_name="audits")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="audits")
    tool = models.ForeignKey("instruments.Tool", on_delete=models.PROTECT, related_name="+")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audits_as_auditor"
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits_as_practitioner",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits_as_moderator",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ALLOCATED)
    version = models.PositiveIntegerField(default=1)
    responses = models.JSONField(default=dict, blank=True)
    auditor_grade = models.CharField(max_length=30, choices=GRADE_CHOICES, blank=True)
    moderated_grade = models.CharField(max_length=30, choices=GRADE_CHOICES, blank=True)
    final_grade = models.CharField(max_length=30, choices=GRADE_CHOICES, blank=True)
    due_date = models.DateField()
    moderation_due = models.DateField(null=True, blank=True)
    allocated_at = StampField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["auditor", "status"]),
            models.Index(fields=["moderator", "status"]),
            models.Index(fields=["team", "status"]),
        ]

    def __str__(self) -> str:
        return f"Audit {self.pk} of {self.case}"

    @property
    def is_open_for_answers(self) -> bool:
        return self.status in (self.Status.ALLOCATED, self.Status.IN_PROGRESS)


class AuditChange(models.Model):
    """The audit's history: every step, who took it and what changed."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="changes")
    at = StampField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on audit {self.audit_id}"


class Moderation(models.Model):
    class Decision(models.TextChoices):
        AGREE = "agree", "Agree with the grade"
        CHALLENGE = "challenge", "Challenge the grade (keep it, with a challenge recorded)"
        CHANGE = "change", "Change the grade"

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="moderation")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    meeting_date = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    grade = models.CharField(max_length=30, choices=GRADE_CHOICES)
    reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    recorded_at = StampField(auto_now=True)

    def __str__(self) -> str:
        return f"Moderation of audit {self.audit_id}: {self.decision}"


class ActionCheck(models.Model):
    """The moderator's check of an action the auditor set."""

    class Outcome(models.TextChoices):
        DONE = "done", "Done"
        PARTLY = "partly", "Partly done"
        NOT_DONE = "not_done", "Not done"

    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="checks")
    action = models.ForeignKey("actions.Action", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["moderation", "action"], name="one_check_per_action")
        ]

    def __str__(self) -> str:
        return f"Check of action {self.action_id}: {self.outcome}"


class AppreciativeInquiry(models.Model):
    """A team's appreciative inquiry for a cycle, or a supervision using the same tool."""

    class Kind(models.TextChoices):
        TEAM = "team", "Team appreciative inquiry"
        INDIVIDUAL_SUPERVISION = "individual_supervision", "Individual supervision"
        GROUP_SUPERVISION = "group_supervision", "Group supervision"

    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="inquiries")
    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, null=True, blank=True, related_name="inquiries"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TEAM)
    tool = models.ForeignKey("instruments.Tool", on_delete=models.PROTECT, related_name="+")
    responses = models.JSONField(default=dict)
    audits = models.ManyToManyField(Audit, blank=True, related_name="inquiries")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = StampField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for team {self.team_id}"
