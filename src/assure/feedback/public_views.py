"""The public feedback form: no sign-in, a honeypot, and five submissions an hour an address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_protect

from assure.core.access import public
from assure.core.middleware import client_ip

from . import services
from .forms import PublicFeedbackForm


@public
@csrf_protect
def form(request: HttpRequest) -> HttpResponse:
    address = client_ip(request)
    if request.method == "POST":
        if services.form_limit_reached(address):
            return render(request, "feedback/public_limit.html", status=429)
        filled = PublicFeedbackForm(request.POST)
        if filled.is_valid():
            # A bot that filled the hidden field is thanked like anyone, and nothing is kept.
            services.feedback_submit_public(
                address=address,
                channel=filled.cleaned_data["who"],
                text=filled.cleaned_data["text"],
                about=filled.cleaned_data["about"],
                rating=filled.rating_value(),
                store=not filled.cleaned_data["website"],
            )
            return redirect("feedback:thanks")
        return render(request, "feedback/public_form.html", {"form": filled})
    return render(request, "feedback/public_form.html", {"form": PublicFeedbackForm()})


@public
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/public_thanks.html")
