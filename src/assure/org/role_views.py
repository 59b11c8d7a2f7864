"""Pages for roles: an administrator gives and removes them, a second person approves.

The rules are the policies' (`policy.py`): nobody changes their own roles,
and a role that reads children's records waits for a QA manager, the
principal social worker or a director.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assure.core.access import requires
from assure.core.errors import ConflictError, InvalidInput
from assure.core.roles import Perm

from . import services
from .forms import RoleAssignmentForm, RoleDecisionForm
from .models import RoleAssignment, RoleRequest, User
from .policy import PEOPLE, ROLE_REQUESTS
from .selectors import roles_of

_REQUEST_ROWS = ("person", "requested_by", "team", "service", "district", "area")


@requires(Perm.MANAGE_STRUCTURE)
def admin_person_roles(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    may_change = PEOPLE.may(request.user, "change_roles", person)
    form = RoleAssignmentForm(request.POST or None)
    if request.method == "POST":
        PEOPLE.check(request.user, "change_roles", person)  # 403 with the reason, before all else
        if form.is_valid():
            data = form.cleaned_data
            given = services.role_assign(
                actor=request.user,
                person=person,
                role=data["role"],
                team=data["team"],
                service=data["service"],
                district=data["district"],
                area=data["area"],
            )
            if isinstance(given, RoleRequest):
                messages.success(
                    request,
                    f"This role reads children's records: it waits for a QA manager, the "
                    f"principal social worker or a director to approve it for {person.username}.",
                )
            else:
                messages.success(request, f"{person.username} now holds that role.")
            return redirect("org:admin-person-roles", pk=person.pk)
    pending = RoleRequest.objects.filter(
        person=person, status=RoleRequest.Status.PENDING
    ).select_related(*_REQUEST_ROWS)
    return render(
        request,
        "org/admin_person_roles.html",
        {
            "person": person,
            "roles": roles_of(person),
            "pending": pending,
            "form": form if may_change else None,
            "may_change": may_change,
        },
    )


@requires(Perm.MANAGE_STRUCTURE)
@require_POST
def admin_role_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user"), pk=pk)
    person_id = assignment.user_id
    services.role_unassign(actor=request.user, assignment=assignment)
    messages.success(request, "Role removed.")
    return redirect("org:admin-person-roles", pk=person_id)


def _requests_page(
    request: HttpRequest, *, bound: tuple[int, RoleDecisionForm] | None = None, status: int = 200
) -> HttpResponse:
    if not ROLE_REQUESTS.is_approver(request.user):
        raise PermissionDenied(ROLE_REQUESTS.refusal("decide"))
    waiting = list(
        RoleRequest.objects.filter(ROLE_REQUESTS.awaiting(request.user))
        .select_related(*_REQUEST_ROWS)
        .order_by("requested_at", "id")[:200]
    )
    rows: list[dict[str, Any]] = []
    for item in waiting:
        form = RoleDecisionForm(prefix=f"r{item.pk}", initial={"version": item.version})
        if bound is not None and bound[0] == item.pk:
            form = bound[1]
        rows.append({"request": item, "form": form})
    return render(
        request,
        "org/role_requests.html",
        {"rows": rows, "error_form": bound[1] if bound else None},
        status=status,
    )


@requires(Perm.VIEW_CASES, object_level=True)
def role_requests(request: HttpRequest) -> HttpResponse:
    """The requests for child-level roles waiting for this approver."""
    return _requests_page(request)


@requires(Perm.VIEW_CASES, object_level=True)
@require_POST
def role_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(RoleRequest.objects.select_related(*_REQUEST_ROWS), pk=pk)
    ROLE_REQUESTS.check(request.user, "decide", item)
    form = RoleDecisionForm(request.POST, prefix=f"r{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.role_request_decide(
                actor=request.user,
                request_id=item.pk,
                approve=data["decision"] == "approve",
                note=data["note"],
                version=data["version"],
            )
        except InvalidInput as error:
            for name, message in error.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except ConflictError as error:
            form.add_error(None, str(error))
            return _requests_page(request, bound=(item.pk, form), status=409)
        else:
            verdict = "approved" if data["decision"] == "approve" else "refused"
            messages.success(request, f"You {verdict} {item}.")
            return redirect("org:role-requests")
    return _requests_page(request, bound=(item.pk, form))
