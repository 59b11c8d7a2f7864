"""The page where the QA unit asks for the triannual report of a period."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assure.core import clock
from assure.core.access import requires
from assure.core.forms import GovukFormMixin, form_summary
from assure.core.roles import Perm
from assure.reports.document_jobs import document_request

from .jobs import KIND, public_for
from .period import Period


def _periods() -> list[tuple[str, str]]:
    """This period and the eight before it, newest first."""
    period = Period.containing(clock.today())
    out = []
    for _ in range(9):
        out.append((period.key, period.label))
        period = period.previous()
    return out


class TriannualForm(GovukFormMixin, forms.Form):
    period = forms.ChoiceField(label="Period", error_messages={"required": "Choose a period"})
    format = forms.ChoiceField(
        label="Format",
        widget=forms.RadioSelect,
        choices=[
            ("docx", "Word, to write the commentary in"),
            ("pdf", "PDF"),
            ("html", "A web page (HTML)"),
        ],
        initial="docx",
        error_messages={"required": "Choose a format"},
    )
    public = forms.BooleanField(
        label="The version for elected members and children in care councils "
        "(counts under 5 left out)",
        required=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _periods()
        self.govuk_style()


@requires(Perm.VIEW_AGGREGATES)
def triannual(request: HttpRequest) -> HttpResponse:
    form = TriannualForm(request.POST or None, initial={"period": _periods()[1][0]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = Period.parse(data["period"])
        public = bool(data["public"]) or public_for(request.user)
        job = document_request(
            actor=request.user,
            kind=KIND,
            params={"period": period.key, "format": data["format"], "public": public},
            title=f"Learning and improvement report, {period.short}",
        )
        return redirect("reports:document", document=job.token)
    return render(
        request,
        "reports/triannual_request.html",
        {
            "form": form,
            "errors": form_summary(form) if form.errors else [],
            "public_only": public_for(request.user),
        },
    )
