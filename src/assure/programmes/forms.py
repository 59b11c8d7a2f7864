"""The forms on programme pages: GOV.UK markup, each error naming its field."""

from __future__ import annotations

from typing import Any

from django import forms

from assure.core.forms import GovukFormMixin
from assure.org.models import Case, Child, District, Team

from .models import Finding, Member, Observation, Programme


def _blank(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *[(str(v), str(t)) for v, t in choices]]


class ProgrammeForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of programme",
        choices=Programme.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of programme"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    starts_on = forms.DateField(
        label="Starts on", error_messages={"required": "Enter the date it starts"}
    )
    ends_on = forms.DateField(
        label="Ends on", error_messages={"required": "Enter the date it ends"}
    )
    district = forms.ChoiceField(
        label="District",
        required=False,
        help_text="For a Child Outcome Analysis visit or an area learning event.",
    )
    lead = forms.CharField(
        label="Lead",
        required=False,
        max_length=150,
        help_text="Their username. Leave blank to lead it yourself.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = District.objects.order_by("name").values_list("name", flat=True)
        self.fields["district"].choices = _blank("No district", [(n, n) for n in names])  # type: ignore[attr-defined]


class MemberForm(GovukFormMixin, forms.Form):
    username = forms.CharField(
        label="Username", max_length=150, error_messages={"required": "Enter their username"}
    )
    role = forms.ChoiceField(
        label="Role on the programme",
        choices=Member.Role.choices,
        widget=forms.RadioSelect,
        help_text="A partner agency's member sees this programme and its sample, nothing else.",
        error_messages={"required": "Choose their role"},
    )


class LineForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Line of enquiry",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the line of enquiry"},
    )


class AdoptForm(LineForm):
    index = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class FindingForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Finding",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Write about practice, not a child: findings may be published to staff.",
        error_messages={"required": "Enter the finding"},
    )
    theme = forms.CharField(
        label="Theme", max_length=100, error_messages={"required": "Enter the finding's theme"}
    )
    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=Finding.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is a strength or for development"},
    )


class ActionForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="What needs to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Describe what needs to be done"},
    )
    owner = forms.CharField(
        label="Owner",
        max_length=150,
        help_text="Their username.",
        error_messages={"required": "Enter the owner's username"},
    )
    due_date = forms.DateField(label="Due date", error_messages={"required": "Enter the due date"})


class SampleForm(GovukFormMixin, forms.Form):
    size = forms.IntegerField(
        label="How many cases",
        min_value=1,
        max_value=200,
        error_messages={"required": "Enter how many cases to draw"},
    )
    case_type = forms.ChoiceField(
        label="Case type", required=False, choices=_blank("Any case type", Case.Type.choices)
    )
    team = forms.ChoiceField(label="Team", required=False)
    age_band = forms.ChoiceField(
        label="Age band", required=False, choices=_blank("Any age", Child.AgeBand.choices)
    )
    seed = forms.IntegerField(
        label="Seed",
        required=False,
        min_value=0,
        help_text="The same seed draws the same cases again. Leave blank for the usual one.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = Team.objects.order_by("name").values_list("name", flat=True)
        self.fields["team"].choices = _blank("Any team", [(n, n) for n in names])  # type: ignore[attr-defined]


class ObservationStartForm(GovukFormMixin, forms.Form):
    setting = forms.ChoiceField(
        label="What are you observing?",
        choices=Observation.Setting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are observing"},
    )
    observed_on = forms.DateField(
        label="Date",
        help_text="Today, or a later day to plan the observation. For example, 06/10/2026.",
        error_messages={"required": "Enter the date"},
    )
    case = forms.ChoiceField(label="Case from the sample", required=False)

    def __init__(self, *args: Any, cases: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = _blank("No particular case", cases)  # type: ignore[attr-defined]
        self.fields["setting"].stacked = True  # type: ignore[attr-defined]


class CoaPlanForm(GovukFormMixin, forms.Form):
    first_month = forms.DateField(
        label="First month",
        help_text="Any day in the month the plan starts, for example 01/01/2027.",
        error_messages={"required": "Enter the first month of the plan"},
    )
    months = forms.IntegerField(
        label="How many months",
        min_value=1,
        max_value=24,
        initial=12,
        error_messages={"required": "Enter how many months to plan"},
    )
    lead = forms.CharField(
        label="Lead",
        required=False,
        max_length=150,
        help_text="The principal social worker's username. Leave blank to lead them yourself.",
    )
