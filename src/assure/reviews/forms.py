from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from assure.audits.forms import GRADE_FIELD_CHOICES
from assure.core.forms import GovukFormMixin
from assure.org.models import User
from assure.org.person_field import PersonField


class MeetingQAForm(GovukFormMixin, forms.Form):
    grade = forms.ChoiceField(
        label="Grade",
        choices=GRADE_FIELD_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the grade."},
    )
    urgent = forms.BooleanField(
        label="There is an urgent or significant practice issue", required=False
    )
    concern = forms.CharField(
        label="The concern, or the practice to appreciate",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed for an inadequate grade or an urgent issue: it goes to the team "
        "manager. For an outstanding grade it is the appreciation's text.",
    )


class AlertTextForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your response."},
    )


class MeetingImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV file of conferences and reviews",
        help_text="Columns: meeting_id, kind, stage, date, child_ref, team, practitioner, chair.",
        error_messages={"required": "Choose the CSV file to import."},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 20 MB: split it.")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file.")
        return upload


class MeetingForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Meeting",
        choices=[
            ("cp_conference", "Child protection conference"),
            ("cic_review", "Child in care review"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting."},
    )
    stage = forms.ChoiceField(
        label="Stage",
        choices=[("initial", "Initial"), ("review", "Review")],
        widget=forms.RadioSelect,
        initial="review",
        error_messages={"required": "Choose initial or review."},
    )
    date = forms.DateField(
        label="Date of the meeting",
        help_text="For example, 2026-03-31",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter a real date.",
        },
    )
    child_ref = forms.CharField(
        label="Child reference",
        max_length=40,
        error_messages={"required": "Enter the child's reference."},
    )
    chair = PersonField(
        label="Chair or IRO",
        noun="the chair of this meeting",
        refusal=(
            "Choose a child protection chair or IRO: chairs enter their own meetings, "
            "the QA unit enters anyone's"
        ),
        error_messages={"required": "Enter the name of who chaired the meeting."},
    )

    def __init__(self, *args: Any, chairs: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["chair"]
        assert isinstance(field, PersonField)
        field.queryset = chairs


MIDWAY_ROWS = 6


class MidwayReviewForm(GovukFormMixin, forms.Form):
    """One row per decision or recommendation of the last meeting; blank rows are ignored."""

    date = forms.DateField(
        label="Date of the mid-way review",
        help_text="For example, 2026-03-31",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date of the review.",
            "invalid": "Enter a real date.",
        },
    )
    raise_alert = forms.BooleanField(
        label="Raise a practice alert: decisions are not being carried out", required=False
    )
    concern = forms.CharField(
        label="The concern",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed to raise an alert: it goes to the team manager.",
    )

    def __init__(
        self, *args: Any, initial_items: list[dict[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        items = initial_items or []
        fields: dict[str, forms.Field] = {}
        for n in range(1, MIDWAY_ROWS + 1):
            item = items[n - 1] if n <= len(items) else {}
            fields[f"decision_{n}"] = forms.CharField(
                label=f"Decision or recommendation {n}",
                required=False,
                max_length=500,
                initial=item.get("decision", ""),
            )
            fields[f"status_{n}"] = forms.ChoiceField(
                label=f"Progress on decision {n}",
                required=False,
                choices=MIDWAY_CHOICES,
                widget=forms.RadioSelect,
                initial=item.get("status", ""),
            )
            fields[f"note_{n}"] = forms.CharField(
                label=f"Note on decision {n}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The rows first, then the date and the alert.
        ordered = {**fields, **self.fields}
        self.fields = ordered
        for field in fields.values():  # the classes the mixin gives its own fields
            widget = field.widget
            css = "govuk-textarea" if isinstance(widget, forms.Textarea) else "govuk-input"
            if not isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = css

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"decision_{n}"], self[f"status_{n}"], self[f"note_{n}"])
            for n in range(1, MIDWAY_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = []
        for n in range(1, MIDWAY_ROWS + 1):
            decision = (data.get(f"decision_{n}") or "").strip()
            status = data.get(f"status_{n}") or ""
            if decision and not status:
                self.add_error(f"status_{n}", "Choose implemented, in progress or not started.")
            elif status and not decision:
                self.add_error(f"decision_{n}", "Name the decision or recommendation.")
            elif decision:
                items.append(
                    {"decision": decision, "status": status, "note": data.get(f"note_{n}", "")}
                )
        if not items and not self.errors:
            self.add_error("decision_1", "Check at least one decision or recommendation.")
        if data.get("raise_alert") and not (data.get("concern") or "").strip():
            self.add_error("concern", "Describe the concern the alert is about.")
        data["items"] = items
        return data


MIDWAY_CHOICES = [
    ("implemented", "Implemented"),
    ("in_progress", "In progress"),
    ("not_started", "Not started"),
]


class ChairSampleForm(GovukFormMixin, forms.Form):
    month = forms.DateField(
        label="Month of meetings to sample",
        help_text="Any day in the month, for example 2026-03-01",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the month.", "invalid": "Enter a real date."},
    )
    per_chair = forms.IntegerField(
        label="Meetings per chair",
        min_value=1,
        max_value=20,
        initial=2,
        error_messages={"required": "Enter how many meetings per chair."},
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        initial=1,
        help_text="The same seed draws the same sample.",
        error_messages={"required": "Enter a seed."},
    )


class ChairCheckForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="The chair's grade",
        choices=[("agree", "I agree with the chair's grade"), ("disagree", "I disagree")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree with the chair's grade."},
    )
    grade = forms.ChoiceField(
        label="The grade you would give (if you disagree)",
        choices=[("", "Choose a grade"), *GRADE_FIELD_CHOICES],
        required=False,
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you disagree: it goes to the chair.",
    )
