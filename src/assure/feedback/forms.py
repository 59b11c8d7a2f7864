"""The forms of feedback pages: the public form, and the QA unit's work on an item."""

from __future__ import annotations

from typing import Any

from django import forms

from assure.core.forms import GovukFormMixin
from assure.org.models import Team, User
from assure.org.person_field import PersonField

from .models import Channel, Theme

WHO = [
    (Channel.PARENT_CARER.value, "A parent or carer"),
    (Channel.CHILD.value, "A child or young person"),
]
RATINGS = [
    ("5", "Very good"),
    ("4", "Good"),
    ("3", "Neither good nor bad"),
    ("2", "Poor"),
    ("1", "Very poor"),
]


class PublicFeedbackForm(GovukFormMixin, forms.Form):
    who = forms.ChoiceField(
        label="Are you",
        choices=WHO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are a parent or carer, or a young person"},
    )
    text = forms.CharField(
        label="What would you like to tell us?",
        help_text="Tell us what went well and what could be better.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter what you would like to tell us",
            "max_length": "Your feedback must be 5,000 characters or fewer",
        },
    )
    rating = forms.ChoiceField(
        label="Overall, how was the help you got?",
        choices=RATINGS,
        widget=forms.RadioSelect,
        required=False,
    )
    about = forms.CharField(
        label="Which meeting or contact is this about?",
        help_text=(
            "For example, 'child protection conference on 3 March'. You do not need to give "
            "anyone's full name or address."
        ),
        max_length=300,
        required=False,
        error_messages={"max_length": "This must be 300 characters or fewer"},
    )
    # The honeypot: hidden from people (and from screen readers), filled in by bots.
    website = forms.CharField(required=False, label="Leave this empty")

    def rating_value(self) -> int | None:
        value = self.cleaned_data.get("rating")
        return int(value) if value else None


class ThemesForm(GovukFormMixin, forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        help_text="Choose every theme this feedback is about.",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class LinkForm(GovukFormMixin, forms.Form):
    child_ref = forms.CharField(
        label="Child's reference",
        help_text="The case this feedback is about, by the authority's child reference.",
        max_length=40,
        required=False,
    )
    meeting = forms.IntegerField(
        label="Conference or review number",
        help_text="The number shown on the conference or review page.",
        required=False,
        min_value=1,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("child_ref") and not data.get("meeting"):
            self.add_error("child_ref", "Enter a child's reference or a conference number")
        return data


class ResponseForm(GovukFormMixin, forms.Form):
    response = forms.CharField(
        label="You said, we did",
        help_text="What was done in response. It is published back to those who gave feedback.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter what was done in response"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FilterForm(GovukFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label="Channel", choices=[("", "All channels"), *Channel.choices], required=False
    )
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.all(), required=False, empty_label="All themes"
    )
    start = forms.DateField(label="Received from", required=False)
    end = forms.DateField(label="Received up to", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end date must be on or after the start date")
        return data


class PutToForm(GovukFormMixin, forms.Form):
    member = PersonField(
        label="Elected member",
        help_text="Their full name. They are the corporate parent asked to answer the card.",
        noun="the elected member",
        refusal="Choose an elected member: only corporate parents answer challenge cards",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, PersonField)
        member.queryset = User.objects.filter(role_assignments__role="elected_member").distinct()


class CardAnswerForm(GovukFormMixin, forms.Form):
    response = forms.CharField(
        label="Your answer",
        help_text="What you will do about the question the young people asked, in plain words.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter the answer to the challenge card"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecordForm(GovukFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label="Where the feedback came from",
        choices=[("", "Choose a channel"), *Channel.choices],
        error_messages={"required": "Choose where the feedback came from"},
    )
    received_on = forms.DateField(
        label="Date received", error_messages={"required": "Enter the date it was received"}
    )
    text = forms.CharField(
        label="The feedback",
        help_text="In the words it was given. Do not write a child's name or address.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        error_messages={"required": "Enter the feedback"},
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.all(),
        required=False,
        empty_label="Not known",
        to_field_name="name",
    )
    rating = forms.ChoiceField(
        label="Rating", choices=RATINGS, widget=forms.RadioSelect, required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        help_text="Leave empty and Assure suggests themes from the words for the QA unit.",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
