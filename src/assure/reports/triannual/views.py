"""The page where the QA unit asks for the triannual report of a period."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assure.core import clock
from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.forms import GovukFormMixin, form_summary
from assure.core.policy import access_for
from assure.core.roles import Perm
from assure.reports.document_jobs import document_request
from assure.reports.models import TriannualEdition

from .compare import TriannualContext
from .editions import edition_approve, edition_for, edition_return, edition_save, edition_submit
from .jobs import KIND, public_for
from .period import Period
from .report import build


def _periods() -> list[tuple[str, str]]:
    """This period and the eight before it, newest first."""
    period = Period.containing(clock.today())
    out = []
    for _ in range(9):
        out.append((period.key, period.label))
        period = period.previous()
    return out


def _editions() -> list[tuple[str, str, str]]:
    """Each recent period with where its edition stands."""
    known = dict(TriannualEdition.objects.values_list("period", "status"))
    labels = dict(TriannualEdition.Status.choices)
    return [
        (key, label, str(labels.get(known[key], "")) if key in known else "Not started")
        for key, label in _periods()
    ]


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
            "editions": _editions(),
        },
    )


@requires(Perm.VIEW_AGGREGATES)
def edition(request: HttpRequest, period_key: str) -> HttpResponse:
    """One period's report in the page: its figures, and the QA unit's words to write,
    send for sign-off, approve or return."""

    try:
        period = Period.parse(period_key)
    except InvalidInput:
        raise Http404("No such period.") from None
    access = access_for(request.user)
    public = public_for(request.user)
    errors: dict[str, str] = {}
    if request.method == "POST":
        intent = request.POST.get("intent", "")
        version = int(request.POST.get("version") or 0)
        try:
            if intent in ("save", "submit"):
                # Saved and sent together, or neither: a refused sending keeps nothing.
                with transaction.atomic():
                    saved = edition_save(
                        actor=request.user,
                        period=period,
                        summary=request.POST.get("summary", ""),
                        commentary={
                            k.removeprefix("commentary-"): request.POST.get(k, "")
                            for k in request.POST
                            if k.startswith("commentary-")
                        },
                        version=version,
                    )
                    if intent == "submit":
                        edition_submit(actor=request.user, period=period, version=saved.version)
            elif intent == "approve":
                edition_approve(actor=request.user, period=period, version=version)
            elif intent == "return":
                edition_return(
                    actor=request.user,
                    period=period,
                    version=version,
                    reason=request.POST.get("reason", ""),
                )
            else:
                raise InvalidInput({"summary": "Choose a button: save, send, approve or return."})
        except InvalidInput as error:
            errors = error.errors
        except ConflictError as error:
            errors = {"summary": str(error)}
        except PermissionDenied as error:
            errors = {"summary": str(error) or "You may not do that."}
        else:
            done = {
                "save": "Draft saved.",
                "submit": "Sent for sign-off.",
                "approve": "Approved: the figures are frozen.",
                "return": "Returned to the QA unit.",
            }
            messages.success(request, done[intent])
            return redirect("report_pages:edition", period_key=period.key)
    report = build(TriannualContext(period, public=public))
    current = edition_for(period)
    may_write = Perm.RUN_QA in access.perms and report.status == "draft"
    submitted_by_me = current is not None and current.submitted_by_id == request.user.pk
    may_sign = access.senior and report.status == "in_review" and not submitted_by_me
    sections = [
        {"section": s, "commentary": report.commentary.get(s.key, "")} for s in report.sections
    ]
    return render(
        request,
        "reports/triannual_edition.html",
        {
            "period": period,
            "report": report,
            "sections": sections,
            "edition": current,
            "version": current.version if current else 1,
            "may_write": may_write,
            "may_sign": may_sign,
            "errors": [{"href": f"#{k}", "text": v} for k, v in errors.items()],
            "revisions": current.revisions.select_related("saved_by")[:10] if current else [],
        },
    )
