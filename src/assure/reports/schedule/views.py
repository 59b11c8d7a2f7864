"""The reporting schedule's pages: what is due when, a report's page, adding a report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assure.core import clock
from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.forms import GovukFormMixin, form_summary
from assure.core.policy import access_for
from assure.core.roles import Perm
from assure.org.person_field import PersonField

from ..models import ScheduledReport
from . import periods
from .services import report_add, report_generate, report_set_owner, schedule_rows

User = get_user_model()


def _people() -> Any:
    return User.objects.filter(is_active=True)


class OwnerForm(GovukFormMixin, forms.Form):
    owner = PersonField(label="Who produces it", noun="the report's owner")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, PersonField)
        field.queryset = _people()


class MakeForm(GovukFormMixin, forms.Form):
    period = forms.CharField(label="Period", error_messages={"required": "Enter the period"})


class AddForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    purpose = forms.CharField(label="Purpose", widget=forms.Textarea(attrs={"rows": 3}))
    audience = forms.CharField(label="Who it is for", max_length=300)
    difference = forms.CharField(
        label="What difference it makes to children and families",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    cadence = forms.ChoiceField(
        label="How often", choices=ScheduledReport.Cadence.choices, widget=forms.RadioSelect
    )
    owner = PersonField(label="Who produces it", noun="the report's owner", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, PersonField)
        field.queryset = _people()


@requires(Perm.VIEW_AGGREGATES)
def schedule(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/schedule.html",
        {
            "rows": schedule_rows(),
            "today": clock.today(),
            "may_edit": Perm.RUN_QA in access_for(request.user).perms,
        },
    )


@requires(Perm.RUN_QA)
def schedule_add(request: HttpRequest) -> HttpResponse:
    form = AddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_add(actor=request.user, **form.cleaned_data)
        except InvalidInput as error:
            for name, text in error.errors.items():
                form.add_error(name if name in form.fields else None, text)
        else:
            messages.success(request, f"{report.title} is on the schedule.")
            return redirect("report_pages:schedule-make", report_key=report.key)
    errors = form_summary(form) if form.errors else []
    return render(request, "reports/schedule_add.html", {"form": form, "errors": errors})


@requires(Perm.VIEW_AGGREGATES)
def schedule_make(request: HttpRequest, report_key: str) -> HttpResponse:
    row = next((r for r in schedule_rows() if r.report.key == report_key), None)
    if row is None:
        raise Http404("No such report.")
    report = row.report
    may_edit = Perm.RUN_QA in access_for(request.user).perms
    make = MakeForm(request.POST if "make" in request.POST else None)
    owner = OwnerForm(
        request.POST if "set_owner" in request.POST else None,
        initial={"version": report.version, "owner": report.owner},
    )
    if request.method == "POST" and "make" in request.POST and make.is_valid():
        try:
            job = report_generate(
                actor=request.user, report=report, period=make.cleaned_data["period"]
            )
        except InvalidInput as error:
            make.add_error("period", error.errors.get("period", str(error)))
        else:
            return redirect("reports:document", document=job.token)
    if request.method == "POST" and "set_owner" in request.POST and may_edit and owner.is_valid():
        try:
            report_set_owner(
                actor=request.user,
                report=report,
                owner=owner.cleaned_data["owner"],
                version=owner.cleaned_data["version"],
            )
        except ConflictError as error:
            owner.add_error(None, str(error))
        else:
            messages.success(request, "The owner is set.")
            return redirect("report_pages:schedule-make", report_key=report.key)
    errors = [*form_summary(make), *form_summary(owner)] if (make.errors or owner.errors) else []
    return render(
        request,
        "reports/schedule_report.html",
        {
            "row": row,
            "report": report,
            "make": make,
            "owner_form": owner,
            "may_edit": may_edit,
            "errors": errors,
            "example": periods.EXAMPLES.get(report.cadence, periods.EXAMPLES["monthly"]),
            "daily": report.cadence == ScheduledReport.Cadence.DAILY,
        },
    )
