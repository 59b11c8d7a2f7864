"""The forms on action pages. Each carries the version the person read."""

from __future__ import annotations

from typing import Any

from django import forms

from assure.core.forms import GovukFormMixin
from assure.org.models import Team
from assure.org.person_field import PersonField

from .models import Action
from .policy import ACTIONS

OWNER_REFUSAL = "Choose someone whose role lets them open case actions"
STALE = "This action changed since you opened it. Check what changed, then try again."


class _Described(GovukFormMixin, forms.Form):
    """Points each input at its hint and error message by their real (prefixed) ids."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def _describe(self) -> None:
        # `_errors` rather than `errors`: reading `errors` would clean the form
        # before subclasses have set their querysets.
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            auto_id = self[name].auto_id
            ids = []
            if field.help_text:
                ids.append(f"{auto_id}-hint")
            if name in errors:
                ids.append(f"{auto_id}-error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)


class _Versioned(_Described):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def with_current_version(self, action: Action) -> _Versioned:
        """The same answers, re-bound to the action's current version (after a conflict)."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix("version")] = str(action.version)
        fresh = type(self)(data, prefix=self.prefix, **self._extra)
        fresh.is_valid()
        fresh.add_error(None, STALE)
        return fresh

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._extra: dict[str, Any] = {}
        super().__init__(*args, **kwargs)
        self.fields["version"].widget.attrs.pop("class", None)


class StatusForm(_Versioned):
    status = forms.ChoiceField(
        label="Where is this action now?",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the action is now"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to mark it done without evidence, or to cancel it.",
        max_length=4000,
    )

    def __init__(self, *args: Any, current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._extra = {"current": current}
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.widget.attrs.pop("class", None)
        if current:
            status.choices = [(k, v) for k, v in Action.Status.choices if k != current]


class EvidenceForm(_Versioned):
    text = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Say what was done and where it is recorded, for example the date of the "
            "supervision or the case note. Do not upload or paste documents."
        ),
        max_length=4000,
        error_messages={"required": "Describe the evidence"},
    )


class ReassignForm(_Versioned):
    owner = PersonField(
        label="New owner",
        noun="the owner of this action",
        refusal=OWNER_REFUSAL,
        error_messages={"required": "Enter the name of the new owner"},
    )
    reason = forms.CharField(
        label="Why is it changing hands?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": "Say why the action is changing hands"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, PersonField)
        owner.queryset = ACTIONS.possible_owners()


class DueDateForm(_Versioned):
    due_date = forms.DateField(
        label="New due date",
        help_text="For example, 30/09/2026",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the new due date",
            "invalid": "Enter the new due date as a real date, for example 30/09/2026",
        },
    )
    reason = forms.CharField(
        label="Why is the date changing?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": "Say why the due date is changing"},
    )


class ActionCreateForm(_Described):
    description = forms.CharField(
        label="What needs to be done?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Use the child's reference, never their name.",
        error_messages={"required": "Describe what needs to be done"},
    )
    owner = PersonField(
        label="Who will do it?",
        noun="the owner of this action",
        refusal=OWNER_REFUSAL,
        error_messages={"required": "Enter the name of who will do it"},
    )
    due_date = forms.DateField(
        label="Due date",
        help_text="For example, 30/09/2026",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the due date",
            "invalid": "Enter the due date as a real date, for example 30/09/2026",
        },
    )
    team = forms.ModelChoiceField(
        label="Team whose case it concerns",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Not about one case",
    )
    child_ref = forms.CharField(label="Child reference", required=False, max_length=40)

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, PersonField)
        owner.queryset = ACTIONS.possible_owners()
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = teams if teams is not None else Team.objects.none()
