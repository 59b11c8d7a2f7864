"""The QA unit's pages for feedback: the list with filters, and one item to work on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.policy import has_perm
from assure.core.roles import Perm

from . import services
from .forms import FilterForm, LinkForm, RecordForm, ResponseForm, ThemesForm
from .models import FeedbackItem
from .policy import FEEDBACK
from .selectors import feedback_item_read, feedback_shown, feedback_visible_to

PAGE_SIZE = 50


@requires(Perm.VIEW_AGGREGATES)
def items(request: HttpRequest) -> HttpResponse:
    filters = FilterForm(request.GET or None)
    chosen: dict[str, Any] = {}
    if filters.is_bound and filters.is_valid():
        data = filters.cleaned_data
        chosen = {
            "channel": data["channel"] or "",
            "theme": data["theme"].pk if data["theme"] else None,
            "start": data["start"],
            "end": data["end"],
        }
    found = feedback_visible_to(request.user, **chosen)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = feedback_shown(request.user, page.object_list, what="Listed feedback with its text")
    query = request.GET.copy()
    query.pop("page", None)
    count = page.paginator.count
    return render(
        request,
        "feedback/items.html",
        {
            "filters": filters,
            "form": filters,  # the error summary reads `form`
            "rows": shown,
            "page_obj": page,
            "caption": f"{count} piece{'s' if count != 1 else ''} of feedback",
            "query_without_page": query.urlencode() + "&" if query else "",
            "may_manage": has_perm(request.user, Perm.RUN_QA),
            "may_record": FEEDBACK.may_record(request.user),
        },
    )


@requires(Perm.VIEW_STRUCTURE)
def record(request: HttpRequest) -> HttpResponse:
    """Staff record feedback received another way (a call, a letter, a meeting)."""
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.feedback_record(
                actor=request.user,
                channel=data["channel"],
                received_on=data["received_on"],
                text=data["text"],
                team=data["team"].name if data["team"] else "",
                rating=int(data["rating"]) if data["rating"] else None,
                themes=[t.name for t in data["themes"]],
            )
        except InvalidInput as problem:
            for name, message in problem.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, "Feedback recorded. Thank you.")
            if FEEDBACK.may_read_text(request.user, made):
                return redirect("feedback:item", feedback_id=made.pk)
            return redirect("feedback:items")
    return render(request, "feedback/record.html", {"form": form})


def _forms(item: FeedbackItem) -> dict[str, Any]:
    initial = {"version": item.version}
    return {
        "themes_form": ThemesForm(
            prefix="themes", initial={**initial, "themes": [t.pk for t in item.themes.all()]}
        ),
        "link_form": LinkForm(
            prefix="link",
            initial={
                **initial,
                "child_ref": item.case.child.reference if item.case else "",
                "meeting": item.meeting_id,
            },
        ),
        "response_form": ResponseForm(
            prefix="response", initial={**initial, "response": item.response}
        ),
    }


def _page(
    request: HttpRequest, item: FeedbackItem, *, bound: tuple[str, Any] | None = None
) -> HttpResponse:
    forms = _forms(item)
    if bound is not None:
        forms[bound[0]] = bound[1]
    readable = FEEDBACK.may_read_text(request.user, item)
    return render(
        request,
        "feedback/item.html",
        {
            "item": item,
            "text": item.text if readable else None,
            "may_manage": FEEDBACK.may(request.user, "manage", item),
            "error_form": bound[1] if bound else None,
            **forms,
        },
    )


@requires(Perm.VIEW_AGGREGATES, object_level=True)
def item(request: HttpRequest, feedback_id: int) -> HttpResponse:
    # Reading the item is trailed by the policy (it may name a child).
    return _page(request, feedback_item_read(request.user, feedback_id))


def _work(
    request: HttpRequest,
    feedback_id: int,
    *,
    key: str,
    form_class: type[Any],
    apply: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    found = feedback_item_read(request.user, feedback_id)
    FEEDBACK.check(request.user, "manage", found)
    form = form_class(request.POST, prefix=key.replace("_form", ""))
    if form.is_valid():
        try:
            apply(form.cleaned_data)
        except ConflictError as stale:
            form.add_error(None, str(stale))
        except InvalidInput as problem:
            for name, message in problem.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, done)
            return redirect("feedback:item", feedback_id=feedback_id)
    return _page(request, found, bound=(key, form))


@requires(Perm.RUN_QA, object_level=True)
@require_POST
def themes(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _work(
        request,
        feedback_id,
        key="themes_form",
        form_class=ThemesForm,
        apply=lambda d: services.feedback_themes_set(
            actor=request.user,
            item_id=feedback_id,
            theme_ids=[t.pk for t in d["themes"]],
            version=d["version"],
        ),
        done="Themes confirmed.",
    )


@requires(Perm.RUN_QA, object_level=True)
@require_POST
def link(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _work(
        request,
        feedback_id,
        key="link_form",
        form_class=LinkForm,
        apply=lambda d: services.feedback_link(
            actor=request.user,
            item_id=feedback_id,
            child_ref=d["child_ref"] or "",
            meeting_id=d["meeting"],
            version=d["version"],
        ),
        done="Feedback linked.",
    )


@requires(Perm.RUN_QA, object_level=True)
@require_POST
def respond(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _work(
        request,
        feedback_id,
        key="response_form",
        form_class=ResponseForm,
        apply=lambda d: services.feedback_respond(
            actor=request.user,
            item_id=feedback_id,
            response=d["response"],
            version=d["version"],
        ),
        done="Response saved.",
    )
