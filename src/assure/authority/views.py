"""Pages for setting up an authority: its settings, the setup guide, one-time password links."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assure.core.access import public, requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.roles import Perm
from assure.org.models import User

from . import services, settings_reader
from .csv_templates import template_csv
from .forms import AuthoritySettingsForm, SetPasswordForm
from .guide import setup_steps


@public
def set_password(request: HttpRequest, token: str) -> HttpResponse:
    """The page a one-time link opens. Works once; says plainly when it no longer does."""
    invitation = services.invitation_valid(token)
    if invitation is None:
        return render(request, "authority/link_expired.html", status=410)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.invitation_accept(token=token, password=form.cleaned_data["password"])
        except InvalidInput as error:
            for field, message in error.errors.items():
                form.add_error("password" if field == "password" else None, message)
        else:
            messages.success(request, f"Your password is set. Sign in as {person.username}.")
            return redirect("core:sign-in")
    return render(request, "authority/set_password.html", {"form": form, "person": invitation.user})


@requires(Perm.MANAGE_STRUCTURE)
def authority_settings(request: HttpRequest) -> HttpResponse:
    row = settings_reader.current()
    if row is None:
        return render(request, "authority/not_set_up.html")
    form = AuthoritySettingsForm(
        request.POST or None, instance=row, initial={"version": row.version}
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.authority_update(
                actor=request.user, version=form.cleaned_data["version"], values=values
            )
        except InvalidInput as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except ConflictError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The authority's settings are saved.")
            return redirect("authority:settings")
    from assure.core import site

    sections = [
        ("The authority", ["name", "la_code", "protective_marking"]),
        ("Working days", ["alert_response_working_days", "closure_days"]),
        ("The QA calendar", ["first_cycle_year", "first_cycle_number", "first_cycle_starts_on"]),
        ("Signing in", ["sign_in_methods"]),
        ("Email", ["sender_email", "reply_to_email"]),
    ]
    return render(
        request,
        "authority/settings.html",
        {
            "form": form,
            "sections": [(title, [form[name] for name in names]) for title, names in sections],
            "entra_configured": site.entra_configured(),
        },
    )


@requires(Perm.MANAGE_STRUCTURE)
def guide(request: HttpRequest) -> HttpResponse:
    steps = setup_steps()
    next_step = next((s for s in steps if not s.done), None)
    return render(request, "authority/guide.html", {"steps": steps, "next_step": next_step})


@requires(Perm.MANAGE_STRUCTURE, object_level=True)
@require_POST
def invite(request: HttpRequest, person_id: int) -> HttpResponse:
    person = User.objects.filter(pk=person_id, is_demo=False).first()
    if person is None:
        raise Http404
    try:
        services.invitation_send(actor=request.user, person=person)
    except InvalidInput as error:
        messages.error(request, " ".join(error.errors.values()))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person} has been sent a link to set their password.")
    return redirect("org:admin-edit", entity="people", pk=person.pk)


@requires(Perm.MANAGE_STRUCTURE)
def csv_template(request: HttpRequest, kind: str) -> HttpResponse:
    """A CSV template: header, an example row, and the allowed values (lines starting #)."""
    text = template_csv(kind)
    if text is None:
        raise Http404
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="assure-{kind}-template.csv"'
    return response
