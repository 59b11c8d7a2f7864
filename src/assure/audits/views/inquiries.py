"""Appreciative inquiry: the list and recording a session."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assure.core.access import requires
from assure.core.errors import InvalidInput
from assure.core.forms import form_summary
from assure.core.middleware import session_context
from assure.core.roles import Perm
from assure.instruments.forms import ToolForm
from assure.instruments.registry import tool_current
from assure.org.selectors import teams_visible_to

from .. import services
from ..forms import InquiryMetaForm
from ..models import Audit, Cycle
from ..policy import INQUIRIES
from ..selectors import audits_visible_to, inquiries_visible_to
from .common import apply_errors


@requires(Perm.VIEW_CASES)
def inquiry_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(inquiries_visible_to(request.user), 30).get_page(request.GET.get("page"))
    may_record = INQUIRIES.may_record_any(request.user)
    return render(request, "audits/inquiries.html", {"page_obj": page, "may_record": may_record})


@requires(Perm.VIEW_CASES)
def inquiry_new(request: HttpRequest) -> HttpResponse:
    teams = INQUIRIES.recordable_teams(request.user, teams_visible_to(request.user))
    audits = (
        audits_visible_to(request.user)
        .filter(status__in=[Audit.Status.IN_MODERATION, Audit.Status.FINALISED])
        .order_by("-id")[:200]
    )
    tool = tool_current("appreciative_inquiry").parsed
    meta = InquiryMetaForm(
        request.POST or None,
        teams=teams,
        audits=Audit.objects.filter(pk__in=[a.pk for a in audits]).select_related("case__child"),
    )
    form = ToolForm(tool, request.POST or None, require=True)
    if request.method == "POST" and meta.is_valid() and form.is_valid():
        cycle = Cycle.objects.order_by("-starts_on").first()
        try:
            services.inquiry_record(
                actor=request.user,
                team=meta.cleaned_data["team"],
                cycle=cycle,
                kind=meta.cleaned_data["kind"],
                responses=form.responses(),
                audit_ids=[a.pk for a in meta.cleaned_data["audits"]],
            )
        except InvalidInput as error:
            apply_errors(meta, error)
        except PermissionDenied as error:
            meta.add_error(None, str(error))
        else:
            messages.success(request, "Appreciative inquiry recorded.")
            return redirect("audits:inquiries")
    errors = [*form_summary(meta), *form.summary()] if request.method == "POST" else []
    return render(
        request,
        "audits/inquiry_new.html",
        {"meta": meta, "form": form, "errors": errors, **session_context(request)},
    )
