"""Recording a COA observation on a phone during the visit, saving as the observer goes.

As with an audit (audits.views.answer), one POST serves both ways of saving: the
"Save draft" button without JavaScript, and form-keeper.js in the background with
`autosave=1`, answered in JSON so the page never reloads.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from assure.core import clock
from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.forms import form_summary
from assure.core.middleware import session_context
from assure.core.roles import Perm
from assure.instruments.forms import ToolForm
from assure.instruments.models import Tool

from . import services
from .forms import ObservationStartForm
from .models import Observation, Programme
from .policy import OBSERVATIONS, PROGRAMMES
from .views import apply_errors

BACKGROUND = "autosave"
CHANGED_ELSEWHERE = (
    "This observation was changed somewhere else since you opened this page, so what you "
    "typed here has not been saved. Copy anything you need to keep, then reload the page."
)


@requires(Perm.VIEW_HOME, object_level=True)
def observation_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = PROGRAMMES.read(request.user, programme_id)
    PROGRAMMES.check(request.user, "observe", programme)
    cases = [
        (s.case_id, f"{s.case.child.reference} ({s.case.team.name})")
        for s in programme.sampled.select_related("case__child", "case__team")
    ]
    form = ObservationStartForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obs = services.observation_start(
                actor=request.user,
                programme_id=programme.pk,
                setting=data["setting"],
                observed_on=data["observed_on"],
                case_id=int(data["case"]) if data["case"] else None,
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            return redirect("programmes:observation", observation_id=obs.pk)
    return render(
        request,
        "programmes/observation_new.html",
        {
            "programme": programme,
            "form": form,
            "errors": form_summary(form) if form.errors else [],
            "is_coa": programme.kind == Programme.Kind.COA,
        },
        status=400 if form.errors else 200,
    )


@requires(Perm.VIEW_HOME, object_level=True)
def observation_answer(request: HttpRequest, observation_id: int) -> HttpResponse:
    obs = OBSERVATIONS.read(
        request.user,
        observation_id,
        queryset=Observation.objects.select_related("programme", "case__child"),
    )
    tool = Tool.objects.get(key=obs.tool_key, version=obs.tool_version).parsed
    editable = OBSERVATIONS.may(request.user, "edit", obs)
    background = request.method == "POST" and request.POST.get(BACKGROUND) == "1"
    finishing = request.POST.get("intent") == "done"
    form = ToolForm(tool, request.POST or None, initial=obs.responses, require=finishing)
    if request.method == "POST":
        if not editable:
            if background:
                return JsonResponse({"detail": "This observation is finished."}, status=409)
            messages.info(request, "This observation is finished; it can no longer be changed.")
            return redirect("programmes:observation", observation_id=obs.pk)
        if form.is_valid():
            try:
                obs = services.observation_save(
                    actor=request.user,
                    observation_id=obs.pk,
                    responses=form.draft_responses(),
                    version=_version(request),
                    complete=finishing,
                )
            except ConflictError:
                if background:
                    return JsonResponse({"detail": CHANGED_ELSEWHERE}, status=409)
                form.add_error(None, CHANGED_ELSEWHERE)
            except InvalidInput as error:
                if background:
                    return JsonResponse({"detail": f"Not saved yet: {error}"}, status=400)
                apply_errors(form, error)
            else:
                if background:
                    return JsonResponse(
                        {
                            "version": obs.version,
                            "saved_at": timezone.localtime(clock.now()).strftime("%H:%M"),
                        }
                    )
                messages.success(request, "Observation done." if finishing else "Draft saved.")
                if finishing:
                    return redirect("programmes:detail", programme_id=obs.programme_id)
                return redirect("programmes:observation", observation_id=obs.pk)
        elif background:
            problems = [item.text for item in form.summary()]
            return JsonResponse({"detail": "Not saved yet: " + "; ".join(problems[:3])}, status=400)
    return render(
        request,
        "programmes/observation.html",
        {
            "obs": obs,
            "form": form,
            "tool": tool,
            "editable": editable,
            "errors": form.summary() if form.errors else [],
            **session_context(request),
        },
        status=400 if form.errors else 200,
    )


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None
