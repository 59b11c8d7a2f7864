"""Pages for actions: my actions, actions I oversee, one action with its history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assure.core import clock
from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.policy import access_for
from assure.core.roles import Perm

from . import services
from .forms import (
    ActionCreateForm,
    DueDateForm,
    EvidenceForm,
    ReassignForm,
    StatusForm,
    _Versioned,
)
from .models import Action, ActionUpdate
from .policy import ACTIONS, CHILD_NOT_SEEN
from .selectors import (
    action_for,
    action_history,
    action_read,
    actions_overseen_by,
    actions_owned_by,
    overdue_first,
)
from .sources import action_notes, source_label, source_link

PAGE_SIZE = 50


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode() + "&" if query else ""


def _rows(actions: Any) -> list[dict[str, Any]]:
    return [
        {
            "action": a,
            "overdue": getattr(a, "rank", 1) == 0,
            "source_label": source_label(a.source_type),
            "source_link": source_link(a.source_type, a.source_id),
        }
        for a in actions
    ]


def _list_page(request: HttpRequest, actions: Any, template: str, **extra: Any) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    if not show_all:
        actions = actions.filter(status__in=Action.OUTSTANDING)
    page = Paginator(overdue_first(actions, clock.today()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    # Actions may name a child: the trail keeps which a page showed to whom.
    ACTIONS.record_reads(request.user, shown, what=f"Listed {len(shown)} actions")
    count = page.paginator.count
    noun = "action" if count == 1 else "actions"
    return render(
        request,
        template,
        {
            "caption": f"{count} {noun} {'in all' if show_all else 'still to do'}",
            "page_obj": page,
            "rows": _rows(shown),
            "show_all": show_all,
            "can_open": Perm.VIEW_CASES in access_for(request.user).perms,
            "query_without_page": _query_without_page(request),
            **extra,
        },
    )


@requires(Perm.VIEW_HOME)
def mine(request: HttpRequest) -> HttpResponse:
    return _list_page(request, actions_owned_by(request.user), "actions/mine.html")


@requires(Perm.VIEW_CASES)
def oversee(request: HttpRequest) -> HttpResponse:
    return _list_page(request, actions_overseen_by(request.user), "actions/oversee.html")


@requires(Perm.VIEW_CASES)
def create(request: HttpRequest) -> HttpResponse:
    form = ActionCreateForm(request.POST or None, teams=ACTIONS.teams_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team, child_ref = data["team"], data["child_ref"].strip()
        if child_ref:
            case = ACTIONS.case_of_child(request.user, child_ref)
            if case is None:
                form.add_error("child_ref", CHILD_NOT_SEEN)
            elif team is None:
                team = case.team
        if not form.errors:
            try:
                action = services.action_create(
                    actor=request.user,
                    description=data["description"],
                    owner=data["owner"],
                    due_date=data["due_date"],
                    team=team,
                    child_ref=child_ref,
                )
            except InvalidInput as error:
                _add_errors(form, error)
            except PermissionDenied as refused:
                form.add_error("owner", str(refused))
            else:
                messages.success(request, f"Action raised for {action.owner}.")
                return redirect("actions:detail", action_id=action.pk)
    return render(request, "actions/create.html", {"form": form})


def _add_errors(form: Any, error: InvalidInput) -> None:
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)


def _visible(request: HttpRequest, action_id: int) -> Action:
    action = action_for(request.user, action_id)
    if action is None:
        raise Http404  # never say whether an action outside your sight exists
    return action


def _forms(action: Action) -> dict[str, _Versioned]:
    initial = {"version": action.version}
    return {
        "status_form": StatusForm(prefix="status", initial=initial, current=action.status),
        "evidence_form": EvidenceForm(prefix="evidence", initial=initial),
        "reassign_form": ReassignForm(prefix="reassign", initial=initial),
        "due_form": DueDateForm(prefix="due", initial={**initial, "due_date": action.due_date}),
    }


def _detail(
    request: HttpRequest,
    action: Action,
    *,
    bound: tuple[str, _Versioned] | None = None,
    status: int = 200,
) -> HttpResponse:
    history = list(action_history(action))
    today = clock.today()
    forms = _forms(action)
    error_form = None
    error_anchor = "history"
    if bound is not None:
        forms[bound[0]] = bound[1]
        error_form = bound[1]
        error_anchor = bound[0].replace("_form", "-section")
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "history": history,
            "evidence": [u for u in history if u.kind == ActionUpdate.Kind.EVIDENCE],
            "overdue": action.is_overdue_on(today),
            "may_work": ACTIONS.may(request.user, "work_on", action),
            "may_redirect": ACTIONS.may(request.user, "redirect", action),
            "source_label": source_label(action.source_type),
            "source_link": source_link(action.source_type, action.source_id),
            "notes": action_notes(action),
            "error_form": error_form,
            "error_anchor": error_anchor,
            **forms,
        },
        status=status,
    )


@requires(Perm.VIEW_CASES)
def detail(request: HttpRequest, action_id: int) -> HttpResponse:
    return _detail(request, action_read(request.user, action_id))


def _change(
    request: HttpRequest,
    action_id: int,
    *,
    key: str,
    form: _Versioned,
    run: Callable[[Action, dict[str, Any]], Action],
    done: str,
) -> HttpResponse:
    """Validate one of the detail page's forms and hand it to its service."""
    action = _visible(request, action_id)
    if form.is_valid():
        try:
            run(action, form.cleaned_data)
        except ConflictError:
            fresh = _visible(request, action_id)
            return _detail(
                request, fresh, bound=(key, form.with_current_version(fresh)), status=409
            )
        except InvalidInput as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("actions:detail", action_id=action.pk)
    return _detail(request, action, bound=(key, form))


@requires(Perm.VIEW_CASES)
@require_POST
def change_status(request: HttpRequest, action_id: int) -> HttpResponse:
    current = action_for(request.user, action_id)
    form = StatusForm(request.POST, prefix="status", current=current.status if current else "")
    return _change(
        request,
        action_id,
        key="status_form",
        form=form,
        run=lambda a, d: services.action_set_status(
            actor=request.user, action=a, status=d["status"], version=d["version"], note=d["note"]
        ),
        done="Status changed.",
    )


@requires(Perm.VIEW_CASES)
@require_POST
def add_evidence(request: HttpRequest, action_id: int) -> HttpResponse:
    return _change(
        request,
        action_id,
        key="evidence_form",
        form=EvidenceForm(request.POST, prefix="evidence"),
        run=lambda a, d: services.action_add_evidence(
            actor=request.user, action=a, text=d["text"], version=d["version"]
        ),
        done="Evidence added.",
    )


@requires(Perm.VIEW_CASES)
@require_POST
def reassign(request: HttpRequest, action_id: int) -> HttpResponse:
    return _change(
        request,
        action_id,
        key="reassign_form",
        form=ReassignForm(request.POST, prefix="reassign"),
        run=lambda a, d: services.action_reassign(
            actor=request.user,
            action=a,
            owner=d["owner"],
            version=d["version"],
            reason=d["reason"],
        ),
        done="Action reassigned.",
    )


@requires(Perm.VIEW_CASES)
@require_POST
def change_due(request: HttpRequest, action_id: int) -> HttpResponse:
    return _change(
        request,
        action_id,
        key="due_form",
        form=DueDateForm(request.POST, prefix="due"),
        run=lambda a, d: services.action_change_due(
            actor=request.user,
            action=a,
            due_date=d["due_date"],
            version=d["version"],
            reason=d["reason"],
        ),
        done="Due date changed.",
    )


@requires(Perm.VIEW_CASES)
def completion(request: HttpRequest) -> HttpResponse:
    """Action completion by team and by source, over the actions the reader may see."""
    from .completion import completion as count

    visible = ACTIONS.visible_to(request.user)
    today = clock.today()
    return render(
        request,
        "actions/completion.html",
        {
            "tables": [count(visible, by=by, today=today) for by in ("team", "source")],
            "today": today,
        },
    )
