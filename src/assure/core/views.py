"""The shared pages: signing in and out, home, notifications, the audit trail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from assure.core.roles import Perm

from . import site
from .access import public, requires
from .chasing import CHASE_PERM, chase_send
from .forms import AuditTrailSearchForm, SignInForm
from .home import Panel, PanelItem, home_panel, panels_for
from .middleware import session_refresh
from .notifications import notification_mark_read
from .policy import Access, access_for
from .selectors import audit_events_search, notifications_for
from .tokens import api_token_revoke, api_tokens_of


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    # The administrators' way in: the password form even when local accounts are off.
    administrator_only = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        methods = site.sign_in_methods()
        context["demo_password_hint"] = settings.ASSURE_DEMO
        context["oidc_enabled"] = site.ENTRA in methods
        context["local_enabled"] = site.LOCAL in methods or self.administrator_only
        context["administrator_only"] = self.administrator_only and site.LOCAL not in methods
        return context


sign_in = public(SignInView.as_view())  # type: ignore[type-var]
administrator_sign_in = public(SignInView.as_view(administrator_only=True))  # type: ignore[type-var]


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("core:sign-in")


@requires(Perm.VIEW_HOME)
def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    return render(
        request,
        "core/home.html",
        {"panels": panels_for(request.user, access), "roles": access.roles},
    )


@home_panel
def _notifications_panel(user: Any, access: Access) -> Panel:
    unread = list(notifications_for(user).filter(read_at__isnull=True)[:5])
    return Panel(
        key="notifications",
        title="New for you",
        empty_text="Nothing new. When something needs you, it will appear here.",
        items=[
            PanelItem(text=n.text, link=n.link, meta=f"{n.created:%d %b %Y, %H:%M}") for n in unread
        ],
        more_link=reverse("core:notifications"),
        more_text="All your notifications",
        order=10,
    )


@requires(Perm.VIEW_HOME)
@require_POST
def stay_signed_in(request: HttpRequest) -> JsonResponse:
    """The session warning's "Stay signed in": a light request that restarts the idle
    timer (ADR 0006) and answers how long the session now has."""
    return JsonResponse({"session_seconds": session_refresh(request)})


@requires(Perm.VIEW_HOME)
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        count = notification_mark_read(user=request.user)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
        return redirect("core:notifications")
    page = Paginator(notifications_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page_obj": page})


@requires(Perm.VIEW_HOME)
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own API tokens (never their secrets), each with a revoke button."""
    if request.method == "POST":
        token_id = request.POST.get("token", "")
        if not token_id.isdigit():
            messages.error(request, "Choose which token to revoke.")
            return redirect("core:api-tokens")
        api_token_revoke(user=request.user, token_id=int(token_id))
        messages.success(request, "Token revoked. Anything using it can no longer reach Assure.")
        return redirect("core:api-tokens")
    return render(
        request,
        "core/api_tokens.html",
        {"tokens": api_tokens_of(request.user), "days": settings.ASSURE_API_TOKEN_DAYS},
    )


@requires(Perm.SEARCH_AUDIT_TRAIL)
def audit_trail(request: HttpRequest) -> HttpResponse:
    form = AuditTrailSearchForm(request.GET or None)
    events = audit_events_search(request.user)
    if form.is_valid():
        data = form.cleaned_data
        events = audit_events_search(
            request.user,
            q=data["q"],
            username=data["user"],
            child_ref=data["child_ref"],
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_trail.html",
        {
            "form": form,
            "page_obj": page,
            "query_without_page": query.urlencode() + "&" if query else "",
        },
    )


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@public
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: is the app up and can it reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its token, or with an old one (an open tab after signing in
    again, or a page kept from yesterday): say so plainly and offer the way back."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(request, "core/csrf_failure.html", {"back": back}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)


@requires(CHASE_PERM, object_level=True)
@require_POST
def chase(request: HttpRequest) -> HttpResponse:
    """The "send a reminder" buttons of the QA manager's home: one reminder, then back."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("core:home")
    raw = request.POST.get("id", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise Http404
    result = chase_send(actor=request.user, kind=request.POST.get("kind", ""), object_id=int(raw))
    (messages.success if result.sent else messages.info)(request, result.message)
    return redirect(back)
