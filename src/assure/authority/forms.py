from __future__ import annotations

from typing import Any

from django import forms

from assure.core.forms import GovukFormMixin

from .models import AuthoritySettings


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

    class Meta:
        model = AuthoritySettings
        fields = ["name", "la_code", "protective_marking"]
        labels = {
            "name": "The authority's name",
            "protective_marking": "Protective marking on documents",
        }
        help_texts = {
            "la_code": "Three digits, e.g. 886 for Kent. It sets the region and statistical "
            "neighbours that benchmarks compare with.",
            "protective_marking": "Printed in the header of every Word and PDF document, "
            "e.g. OFFICIAL-SENSITIVE.",
        }
