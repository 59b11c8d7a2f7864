from __future__ import annotations

from typing import Any

from django import forms

from assure.core.forms import GovukFormMixin

from . import settings_reader
from .models import SIGN_IN, AuthoritySettings


class SetPasswordForm(GovukFormMixin, forms.Form):
    password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters; not a common password, and not like your name.",
    )
    again = forms.CharField(
        label="The same password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("again") and data["password"] != data["again"]:
            self.add_error("again", "The two passwords are not the same.")
        return data


class AuthoritySettingsForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    closure_days = forms.CharField(
        label="The council's own closure days",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One date a line, for example 2026-12-29. They are not working days, "
        "like England's bank holidays (which Assure already knows).",
    )
    sign_in_methods = forms.ChoiceField(
        label="How staff sign in",
        required=False,
        choices=SIGN_IN,
        widget=forms.RadioSelect,
        help_text="System administrators can always sign in with a password, so nobody is "
        "locked out if Entra ID stops working.",
    )

    class Meta:
        model = AuthoritySettings
        fields = [
            "name",
            "la_code",
            "protective_marking",
            "alert_response_working_days",
            "closure_days",
            "first_cycle_year",
            "first_cycle_number",
            "first_cycle_starts_on",
            "sign_in_methods",
            "sender_email",
            "reply_to_email",
        ]
        widgets = {
            "first_cycle_starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }
        labels = {
            "name": "The authority's name",
            "protective_marking": "Protective marking on documents",
            "alert_response_working_days": "Working days to answer a practice alert",
            "first_cycle_year": "Year of the first audit cycle",
            "first_cycle_number": "Cycle in that year",
            "first_cycle_starts_on": "First day of the first cycle",
            "sender_email": "Emails come from",
            "reply_to_email": "Replies go to",
        }
        help_texts = {
            "alert_response_working_days": "Each stage of a practice alert has this long to "
            "answer. Leave blank to use the deployment's setting ({default}).",
            "first_cycle_year": "The QA calendar starts from this cycle; the first cycle the "
            "QA unit creates is filled in from it. For example 2026.",
            "first_cycle_number": "T1, T2 or T3: three cycles of four months a year.",
            "first_cycle_starts_on": "Usually the first day of a month.",
            "sender_email": "The address on notification and invitation emails, for example "
            "assure@kent.gov.uk. Leave blank to use the deployment's ({sender}).",
            "reply_to_email": "Where replies to those emails go, for example the QA unit's "
            "mailbox. Leave blank for none.",
            "la_code": "Three digits, e.g. 886 for Kent. It sets the region and statistical "
            "neighbours that benchmarks compare with.",
            "protective_marking": "Printed in the header of every Word and PDF document, "
            "e.g. OFFICIAL-SENSITIVE.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        from assure.core import site

        self.fields["sign_in_methods"].choices = [  # type: ignore[attr-defined]
            ("", "As the deployment sets it: local accounts, and Entra ID when it is configured"),
            *SIGN_IN,
        ]
        # Long choices read best one under another (more than three are put on a line).
        self.fields["sign_in_methods"].stacked = True  # type: ignore[attr-defined]
        self.fields["first_cycle_number"].choices = [  # type: ignore[attr-defined]
            ("", "Not set"),
            (1, "T1"),
            (2, "T2"),
            (3, "T3"),
        ]
        fill = {
            "default": getattr(settings, "ASSURE_ALERT_RESPONSE_WORKING_DAYS", 5),
            "sender": site.environment_mail().sender,
        }
        for name in ("alert_response_working_days", "sender_email"):
            field = self.fields[name]
            field.help_text = str(field.help_text).format(**fill)

    def clean_closure_days(self) -> str:
        text = self.cleaned_data.get("closure_days") or ""
        try:
            days = settings_reader.parse_closure_days(text)
        except ValueError as error:
            raise forms.ValidationError(
                "Give each closure day as a date, one a line, for example 2026-12-29."
            ) from error
        return "\n".join(d.isoformat() for d in days)
