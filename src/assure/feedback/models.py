"""One store of feedback that every channel feeds (framework section 5).

A piece of feedback keeps where it came from (`channel`), when it was received,
the team and district where known, a rating where one was given, its themes
from the shared list, its text, and the "you said, we did" response with who
gave it and when. It may be linked to the case or the meeting it is about; then
it names a child, and who may read its text follows the case's scope.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assure.core.fields import StampField


class Channel(models.TextChoices):
    CHILD = "child", "Children and young people"
    PARENT_CARER = "parent_carer", "Parents and carers"
    CIC_COUNCIL = "cic_council", "Children in care councils"
    CHALLENGE_CARD = "challenge_card", "Challenge cards"
    ADVOCACY = "advocacy", "Advocacy"
    INDEPENDENT_VISITOR = "independent_visitor", "Independent visitors"
    STAFF = "staff", "Staff"
    STAFF_SURVEY = "staff_survey", "Staff survey"
    PARTNER = "partner", "Partner agencies"
    COMPLAINT = "complaint", "Complaints"
    COMPLIMENT = "compliment", "Compliments"
    LEARNING_REVIEW = "learning_review", "Learning reviews"


class Theme(models.Model):
    """One theme of the shared list; `keywords` suggest it for new feedback."""

    name = models.CharField(max_length=80, unique=True)
    keywords = models.TextField(
        blank=True, help_text="Words that suggest this theme, separated by commas"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip().lower() for k in self.keywords.split(",") if k.strip()]


class FeedbackItem(models.Model):
    class Source(models.TextChoices):
        STAFF = "staff", "Recorded by staff"
        PUBLIC_FORM = "public_form", "Public feedback form"
        IMPORT = "import", "Imported"

    channel = models.CharField(max_length=24, choices=Channel.choices)
    received_on = models.DateField()
    team = models.ForeignKey(
        "org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="feedback"
    )
    district = models.ForeignKey(
        "org.District", on_delete=models.PROTECT, null=True, blank=True, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="items")
    # Themes suggested from keywords until the QA unit confirms or edits them.
    themes_confirmed = models.BooleanField(default=False)
    text = models.TextField()
    # What the writer said the feedback is about ("which meeting or case"), in their words.
    about = models.CharField(max_length=300, blank=True)
    case = models.ForeignKey(
        "org.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="feedback"
    )
    meeting = models.ForeignKey(
        "reviews.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
    )
    # A challenge card is put to one elected member (a corporate parent), who answers it.
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenge_cards",
    )
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_responses",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STAFF)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_recorded",
        help_text="Empty for the public form",
    )
    created = StampField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["channel", "received_on"]),
            models.Index(fields=["received_on"]),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.pk} ({self.get_channel_display()})"

    @property
    def child_ref(self) -> str:
        if self.case is not None:
            return self.case.child.reference
        if self.meeting is not None:
            return self.meeting.case.child.reference
        return ""


class FormSubmission(models.Model):
    """One public-form submission for the hourly limit: a keyed hash, never the address.

    Rows older than an hour are deleted on every submission and by the scheduler,
    so nothing about who wrote is kept beyond the hour the limit needs.
    """

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Submission at {self.at:%H:%M}"
