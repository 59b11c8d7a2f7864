"""Pages for QA programmes: the list, one programme, starting one and adding to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assure.core import clock
from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.forms import form_summary
from assure.core.roles import Perm
from assure.org.models import District

from . import services
from .forms import (
    ActionForm,
    AdoptForm,
    FindingForm,
    LineForm,
    MemberForm,
    ProgrammeForm,
    SampleForm,
)
from .models import Programme
from .policy import PROGRAMMES, may_create
from .selectors import (
    action_counts,
    programme_actions,
    programme_observations,
    programme_sample,
    programmes_listed,
    published_programmes,
)
from .suggestions import suggestions
from .triangulation import district_picture


def apply_errors(form: forms.Form, error: InvalidInput) -> None:
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)


def programme_read(request: HttpRequest, programme_id: int) -> Programme:
    return PROGRAMMES.read(
        request.user, programme_id, queryset=Programme.objects.select_related("district", "lead")
    )


@requires(Perm.VIEW_HOME)
def programme_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    status = request.GET.get("status") or None
    if kind not in (None, *Programme.Kind.values):
        kind = None
    if status not in (None, *Programme.Status.values):
        status = None
    rows = list(programmes_listed(request.user, kind=kind, status=status)[:500])
    counts = action_counts(rows)
    return render(
        request,
        "programmes/list.html",
        {
            "rows": [(p, counts.get(p.pk, 0)) for p in rows],
            "kinds": Programme.Kind.choices,
            "statuses": Programme.Status.choices,
            "kind": kind or "",
            "status": status or "",
            "may_create": may_create(request.user),
            "may_plan": Perm.RUN_QA in _perms(request.user),
            # Staff only: a partner learns of no programme beyond their own.
            "published": published_programmes()[:10]
            if Perm.VIEW_STRUCTURE in _perms(request.user)
            else [],
        },
    )


@requires(Perm.VIEW_HOME, object_level=True)
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = programme_read(request, programme_id)
    user = request.user
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "members": programme.members.select_related("user"),
            "lines": programme.lines.all(),
            "sample": programme_sample(user, programme),
            "observations": programme_observations(user, programme),
            "findings": programme.findings.all(),
            "actions": programme_actions(programme),
            "may_manage": PROGRAMMES.may(user, "manage", programme),
            "may_observe": PROGRAMMES.may(user, "observe", programme),
            "may_suggest": PROGRAMMES.may(user, "manage", programme)
            and Perm.RUN_QA in _perms(user),
            "statuses": Programme.Status.choices,
            # The district's figures are for those who see the authority's figures.
            "picture": district_picture(programme)
            if Perm.VIEW_AGGREGATES in _perms(user)
            else None,
            "may_pack": Perm.VIEW_STRUCTURE in _perms(user),
            "today": clock.today(),
            "audits_sample": programme.kind in ("thematic", "multi_agency")
            and Perm.RUN_QA in _perms(user),
        },
    )


def _perms(user: Any) -> frozenset[Perm]:
    from assure.core.policy import access_for

    return access_for(user).perms


@requires(Perm.VIEW_HOME, object_level=True)
def programme_create(request: HttpRequest) -> HttpResponse:
    if not may_create(request.user):
        raise PermissionDenied("Only the QA unit and senior leaders can start a programme.")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                district=data["district"] or None,
                lead=data["lead"] or None,
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Programme started.")
            return redirect("programmes:detail", programme_id=programme.pk)
    return form_page(request, form, title="Start a QA programme", button="Start the programme")


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    button: str,
    programme: Programme | None = None,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "programmes/form.html",
        {
            "form": form,
            "errors": form_summary(form) if form.errors else [],
            "title": title,
            "button": button,
            "programme": programme,
            "intro": intro,
        },
        status=400 if form.errors else 200,
    )


def _adding(
    form_class: type[forms.Form],
    *,
    title: str,
    button: str,
    done: str,
    save: Callable[[HttpRequest, Programme, dict[str, Any]], Any],
    intro: str = "",
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A page that adds one thing to a programme: the form, the service, the way back."""

    @requires(Perm.VIEW_HOME, object_level=True)
    def view(request: HttpRequest, programme_id: int) -> HttpResponse:
        programme = programme_read(request, programme_id)
        PROGRAMMES.check(request.user, "manage", programme)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                save(request, programme, form.cleaned_data)
            except InvalidInput as error:
                apply_errors(form, error)
            except PermissionDenied as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, done)
                return redirect("programmes:detail", programme_id=programme.pk)
        return form_page(
            request, form, title=title, button=button, programme=programme, intro=intro
        )

    return view


member_add = _adding(
    MemberForm,
    title="Add a member",
    button="Add the member",
    done="Member added.",
    save=lambda r, p, d: services.programme_member_add(
        actor=r.user, programme_id=p.pk, username=d["username"], role=d["role"]
    ),
)
line_add = _adding(
    LineForm,
    title="Add a line of enquiry",
    button="Add the line of enquiry",
    done="Line of enquiry added.",
    save=lambda r, p, d: services.programme_line_add(
        actor=r.user, programme_id=p.pk, text_=d["text"]
    ),
)
finding_add = _adding(
    FindingForm,
    title="Add a finding",
    button="Add the finding",
    done="Finding added.",
    save=lambda r, p, d: services.programme_finding_add(
        actor=r.user, programme_id=p.pk, text_=d["text"], theme=d["theme"], kind=d["kind"]
    ),
)
action_add = _adding(
    ActionForm,
    title="Raise an action",
    button="Raise the action",
    done="Action raised.",
    save=lambda r, p, d: services.programme_action_add(
        actor=r.user,
        programme_id=p.pk,
        description=d["description"],
        owner=d["owner"],
        due_date=d["due_date"],
    ),
)
sample_draw = _adding(
    SampleForm,
    title="Draw a sample of cases",
    button="Draw the sample",
    done="Sample drawn.",
    intro="Open cases are drawn at random, fairly across teams. A programme with a district "
    "draws only from that district's teams.",
    save=lambda r, p, d: services.programme_sample_draw(
        actor=r.user,
        programme_id=p.pk,
        size=d["size"],
        case_type=d["case_type"] or None,
        team=d["team"] or None,
        age_band=d["age_band"] or None,
        seed=d["seed"],
    ),
)


@requires(Perm.RUN_QA, object_level=True)
def programme_suggestions(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Candidate lines of enquiry from the data; the circle adopts one as it is, or edited."""
    programme = programme_read(request, programme_id)
    PROGRAMMES.check(request.user, "manage", programme)
    district: District | None = programme.district
    found = suggestions(district=district)
    form = AdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        index = form.cleaned_data["index"]
        if index >= len(found):
            form.add_error(None, "That suggestion is no longer there. Choose another.")
        else:
            try:
                services.programme_line_add(
                    actor=request.user,
                    programme_id=programme.pk,
                    text_=form.cleaned_data["text"],
                    evidence=found[index]["evidence"],
                )
            except InvalidInput as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Line of enquiry adopted.")
                return redirect("programmes:detail", programme_id=programme.pk)
    return render(
        request,
        "programmes/suggestions.html",
        {
            "programme": programme,
            "suggestions": found,
            "form": form,
            "errors": form_summary(form) if form.errors else [],
        },
        status=400 if form.errors else 200,
    )


@requires(Perm.VIEW_HOME, object_level=True)
@require_POST
def programme_status(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = programme_read(request, programme_id)
    try:
        services.programme_set_status(
            actor=request.user,
            programme_id=programme.pk,
            status=request.POST.get("status", ""),
            version=_version(request),
        )
    except InvalidInput:
        messages.error(request, "Choose the programme's status.")
    except ConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Status changed.")
    return redirect("programmes:detail", programme_id=programme.pk)


@requires(Perm.VIEW_HOME, object_level=True)
@require_POST
def sample_audit(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = programme_read(request, programme_id)
    try:
        audits = services.programme_sample_audit(actor=request.user, programme_id=programme.pk)
    except InvalidInput as error:
        messages.error(request, " ".join(error.errors.values()))
    else:
        messages.success(request, f"{len(audits)} audits allocated to the teams' managers.")
    return redirect("programmes:detail", programme_id=programme.pk)


@requires(Perm.VIEW_HOME, object_level=True)
@require_POST
def programme_publish(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = programme_read(request, programme_id)
    try:
        services.programme_publish(
            actor=request.user, programme_id=programme.pk, version=_version(request)
        )
    except InvalidInput as error:
        messages.error(request, " ".join(error.errors.values()))
    except ConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Findings published to staff.")
    return redirect("programmes:detail", programme_id=programme.pk)


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@requires(Perm.VIEW_STRUCTURE, object_level=True)
def published_findings(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The findings the circle approved, for every member of staff: no child is named."""
    programme = published_programmes().select_related("lead").filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No published findings.")
    return render(
        request,
        "programmes/published.html",
        {
            "programme": programme,
            "strengths": programme.findings.filter(kind="strength"),
            "developments": programme.findings.filter(kind="development"),
            "lines": programme.lines.all(),
        },
    )
