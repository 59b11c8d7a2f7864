"""Forms of the insight pages, rendered as GOV.UK Frontend components."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms

from assure.core import clock
from assure.core.forms import GovukFormMixin
from assure.org.models import Team

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
ALLOWED_SUFFIXES = {".xlsx", ".xlsm", ".zip"}


class AnnexAUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Annex A file",
        help_text="An Excel workbook (.xlsx) with one sheet per list, or a .zip of "
        "'List 1.csv', 'List 2.csv' and so on.",
    )
    as_of = forms.DateField(
        label="As-of date",
        help_text="The date the extract was taken. For example, 30/09/2026.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the as-of date as a real date, like 30/09/2026."},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                "The file must be an Excel workbook (.xlsx) or a zip of 'List N.csv' files."
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 512 MB. Upload it as a zip.")
        return upload

    def clean_as_of(self) -> Any:
        day = self.cleaned_data["as_of"]
        if day > clock.today():
            raise forms.ValidationError("The as-of date must be today or in the past.")
        return day


class TeamMappingForm(GovukFormMixin, forms.Form):
    name = forms.CharField(widget=forms.HiddenInput, max_length=200)
    team = forms.ModelChoiceField(
        label="Team in the authority",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Not mapped",
    )

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = teams if teams is not None else Team.objects.order_by("name")


class BenchmarkChoiceForm(GovukFormMixin, forms.Form):
    la = forms.ChoiceField(label="Local authority")
    year = forms.TypedChoiceField(label="Year", coerce=int)

    def __init__(
        self,
        *args: Any,
        authorities: list[tuple[str, str]],
        years: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        la = self.fields["la"]
        year = self.fields["year"]
        assert isinstance(la, forms.ChoiceField) and isinstance(year, forms.ChoiceField)
        la.choices = authorities
        year.choices = [(y, str(y)) for y in sorted(years, reverse=True)]
