from __future__ import annotations

from typing import Any

from django import forms

from assure.actions.policy import ACTIONS
from assure.core.forms import GovukFormMixin
from assure.instruments.definitions import GRADE_LABELS
from assure.org.person_field import PersonField

from .models import ActionCheck, AppreciativeInquiry, CalendarEntry, Moderation
from .policy import AUDITS

GRADE_FIELD_CHOICES = list(GRADE_LABELS.items())


class VersionForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SubmitForm(VersionForm):
    grade = forms.ChoiceField(
        label="Overall grade",
        choices=GRADE_FIELD_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the overall grade."},
    )


class ModerationForm(VersionForm):
    meeting_date = forms.DateField(
        label="Date of the moderation meeting",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decision = forms.ChoiceField(
        label="Your decision",
        choices=Moderation.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose agree, challenge or change."},
    )
    # Shown only under "change" (a conditional reveal); clean() insists on both then.
    grade = forms.ChoiceField(
        label="The grade it should have",
        required=False,
        choices=[("", "Choose the grade"), *GRADE_FIELD_CHOICES],
    )
    reason = forms.CharField(
        label="Why the grade changes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The auditor and the practitioner will read this",
    )
    notes = forms.CharField(
        label="Notes from the meeting", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, actions: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        # Needed whenever they show (under "change"): never labelled "(optional)".
        for name in ("grade", "reason"):
            self.fields[name].needed_to_submit = True  # type: ignore[attr-defined]
        self.action_fields = []
        for action in actions:
            outcome = f"check_{action.pk}"
            note = f"check_{action.pk}_note"
            self.fields[outcome] = forms.ChoiceField(
                label=f"Was this done? {action.description}",
                required=False,
                choices=[("", "Not checked"), *ActionCheck.Outcome.choices],
            )
            self.fields[note] = forms.CharField(label="Note on this action", required=False)
            self.action_fields.append((self[outcome], self[note]))
        # The mixin styled the fields that existed when it ran; style the added ones too.
        for name in [f for f in self.fields if f.startswith("check_")]:
            widget = self.fields[name].widget
            css = "govuk-select" if isinstance(widget, forms.Select) else "govuk-input"
            widget.attrs["class"] = css

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Moderation.Decision.CHANGE:
            if not data.get("grade"):
                self.add_error("grade", "Choose the moderated grade.")
            if not str(data.get("reason", "")).strip():
                self.add_error("reason", "Say why the grade changes.")
        else:
            # Typed under "change" and then hidden by choosing another decision: not meant.
            data["grade"], data["reason"] = "", ""
        return data

    def checks(self) -> dict[int, tuple[str, str]]:
        out = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("check_") and not name.endswith("_note") and value:
                action_id = int(name.removeprefix("check_"))
                out[action_id] = (value, self.cleaned_data.get(f"{name}_note", ""))
        return out


class ActionForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="What needs to happen", widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = PersonField(
        label="Who owns it",
        noun="the owner of this action",
        refusal="Choose someone whose role lets them open case actions",
    )
    due_date = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, PersonField)
        owner.queryset = ACTIONS.possible_owners()


class ReallocateForm(GovukFormMixin, forms.Form):
    auditor = PersonField(
        label="Allocate to another auditing manager",
        noun="the auditor",
        refusal="Choose an auditing manager who can still sign in",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        auditor = self.fields["auditor"]
        assert isinstance(auditor, PersonField)
        auditor.queryset = AUDITS.possible_auditors()


class CycleForm(GovukFormMixin, forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    number = forms.TypedChoiceField(
        label="Cycle", coerce=int, choices=[(1, "Cycle 1"), (2, "Cycle 2"), (3, "Cycle 3")]
    )
    # A date input takes only ISO dates: anything else leaves a filled-in value blank.
    starts_on = forms.DateField(
        label="First day of the cycle",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class SampleForm(GovukFormMixin, forms.Form):
    round = forms.TypedChoiceField(
        label="Audit month", coerce=int, choices=[(1, "Month 1"), (2, "Month 3")]
    )
    target = forms.IntegerField(label="At least this many cases", min_value=1, initial=160)
    min_per_team = forms.IntegerField(
        label="At least this many from each team", min_value=0, initial=1
    )
    exclude_months = forms.IntegerField(
        label="Leave out cases audited in the last (months)", min_value=0, initial=6
    )
    seed = forms.IntegerField(
        label="Seed",
        required=False,
        min_value=0,
        help_text="Leave blank for a new one; the same seed draws the same sample",
    )


class FirstSampleForm(GovukFormMixin, forms.Form):
    """The first sample: month 1, with the same choices as any sample and no seed to think of."""

    target = forms.IntegerField(
        label="How many cases to draw",
        min_value=1,
        initial=160,
        help_text="At least this many; more when every team's minimum needs it.",
    )
    min_per_team = forms.IntegerField(
        label="At least this many from each team", min_value=0, initial=1
    )
    exclude_months = forms.IntegerField(
        label="Leave out cases audited in the last (months)", min_value=0, initial=6
    )


class SwapForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Why swap this case", max_length=300)


class CalendarEntryForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarEntry
        fields = ["kind", "title", "starts_on", "ends_on", "notes"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }


class InquiryMetaForm(GovukFormMixin, forms.Form):
    team: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    kind = forms.ChoiceField(
        label="What kind of session",
        choices=AppreciativeInquiry.Kind.choices,
        widget=forms.RadioSelect,
    )
    audits: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,  # type: ignore[arg-type]
        label="Audits it drew on",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, teams: Any, audits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["audits"].queryset = audits  # type: ignore[attr-defined]
        self.fields["audits"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: f"{a.case.child.reference} ({a.get_status_display().lower()})"
        )
