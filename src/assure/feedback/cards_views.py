"""Challenge cards: young people's questions put to elected members, and their answers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.roles import Perm

from . import services
from .forms import CardAnswerForm, PutToForm
from .models import Channel
from .policy import FEEDBACK
from .selectors import feedback_item_read, feedback_shown, feedback_visible_to


@requires(Perm.VIEW_AGGREGATES)
def cards(request: HttpRequest) -> HttpResponse:
    found = feedback_visible_to(request.user, channel=Channel.CHALLENGE_CARD).select_related(
        "addressed_to"
    )[:500]
    shown = feedback_shown(request.user, found, what="Listed challenge cards with their words")
    return render(
        request,
        "feedback/cards.html",
        {
            "rows": shown,
            "mine": [s for s in shown if s.item.addressed_to_id == request.user.pk],
        },
    )


def _card_page(request: HttpRequest, feedback_id: int, **forms: object) -> HttpResponse:
    item = feedback_item_read(request.user, feedback_id)
    FEEDBACK.check(request.user, "answer_card", item)
    return render(
        request,
        "feedback/card.html",
        {
            "item": item,
            "text": item.text if FEEDBACK.may_read_text(request.user, item) else None,
            "may_put": FEEDBACK.may(request.user, "manage", item),
            "put_form": forms.get("put_form")
            or PutToForm(
                prefix="put",
                initial={
                    "version": item.version,
                    "member": item.addressed_to_id or "",
                },
            ),
            "answer_form": forms.get("answer_form")
            or CardAnswerForm(
                prefix="answer", initial={"version": item.version, "response": item.response}
            ),
            "error_form": forms.get("put_form") or forms.get("answer_form"),
        },
    )


@requires(Perm.VIEW_HOME, object_level=True)
def card(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _card_page(request, feedback_id)


@requires(Perm.VIEW_HOME, object_level=True)
@require_POST
def card_answer(request: HttpRequest, feedback_id: int) -> HttpResponse:
    item = feedback_item_read(request.user, feedback_id)
    FEEDBACK.check(request.user, "answer_card", item)
    form = CardAnswerForm(request.POST, prefix="answer")
    if form.is_valid():
        try:
            services.challenge_card_answer(
                actor=request.user,
                item_id=feedback_id,
                response=form.cleaned_data["response"],
                version=form.cleaned_data["version"],
            )
        except ConflictError as stale:
            form.add_error(None, str(stale))
        except InvalidInput as problem:
            for name, message in problem.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, "Your answer is saved.")
            return redirect("feedback:card", feedback_id=feedback_id)
    return _card_page(request, feedback_id, answer_form=form)


@requires(Perm.RUN_QA, object_level=True)
@require_POST
def card_put(request: HttpRequest, feedback_id: int) -> HttpResponse:
    form = PutToForm(request.POST, prefix="put")
    if form.is_valid():
        try:
            services.challenge_card_put(
                actor=request.user,
                item_id=feedback_id,
                member=form.cleaned_data["member"].username,
                version=form.cleaned_data["version"],
            )
        except ConflictError as stale:
            form.add_error(None, str(stale))
        except InvalidInput as problem:
            for name, message in problem.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, "The card is now with the elected member.")
            return redirect("feedback:card", feedback_id=feedback_id)
    return _card_page(request, feedback_id, put_form=form)
