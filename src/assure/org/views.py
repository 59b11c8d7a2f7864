"""Pages about the authority: cases, teams and people, and their administration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assure.core.access import requires
from assure.core.case_record import case_sections
from assure.core.home import Panel, PanelItem, home_panel
from assure.core.policy import Access, access_for
from assure.core.roles import Perm

from . import csv_import, services
from .forms import (
    AreaForm,
    CaseForm,
    CaseSearchForm,
    DistrictForm,
    ImportForm,
    PersonForm,
    RoleAssignmentForm,
    ServiceForm,
    TeamForm,
)
from .models import Area, Case, District, RoleAssignment, Service, Team, User
from .selectors import (
    busiest_teams,
    case_for,
    cases_visible_to,
    open_case_counts,
    people_visible_to,
    roles_of,
    teams_visible_to,
)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode() + "&" if query else ""


@requires(Perm.VIEW_CASES)
def cases(request: HttpRequest) -> HttpResponse:
    form = CaseSearchForm(request.GET)
    visible = cases_visible_to(request.user)
    team = None
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            visible = visible.filter(child__reference__icontains=data["q"])
        if data["team"]:
            team = teams_visible_to(request.user).filter(pk=data["team"]).first()
            visible = visible.filter(team_id=data["team"])
        if data["show"] != "all":  # open cases unless closed ones are asked for
            visible = visible.filter(closed_on__isnull=True)
    # 25 a page, as GOV.UK lists usually are: rendering rows is most of this page's cost.
    page = Paginator(visible.order_by("child__reference", "id"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "org/cases.html",
        {
            "form": form,
            "page_obj": page,
            "team": team,
            "query_without_page": _query_without_page(request),
        },
    )


@requires(Perm.VIEW_CASES)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_for(request.user, case_id)
    if case is None:
        raise Http404  # never say whether a case outside your scope exists
    services.case_record_view(actor=request.user, case=case)
    return render(
        request,
        "org/case_detail.html",
        {"case": case, "sections": case_sections(request.user, case)},
    )


@requires(Perm.VIEW_AGGREGATES)
def authority(request: HttpRequest) -> HttpResponse:
    by_type = open_case_counts(request.user, by="case_type")
    labels = dict(Case.Type.choices)
    for row in by_type:
        row["label"] = labels.get(row["case_type"], row["case_type"])
    by_area = open_case_counts(request.user, by="team__district__area__name")
    return render(
        request,
        "org/authority.html",
        {
            "by_type": by_type,
            "by_area": by_area,
            "total": sum(r["n"] for r in by_type),
        },
    )


@requires(Perm.VIEW_STRUCTURE)
def teams(request: HttpRequest) -> HttpResponse:
    visible = teams_visible_to(request.user).annotate(members_count=Count("members"))
    q = request.GET.get("q", "").strip()[:100]
    if q:
        visible = visible.filter(name__icontains=q)
    page = Paginator(visible.order_by("name"), 60).get_page(request.GET.get("page"))
    return render(
        request,
        "org/teams.html",
        {"page_obj": page, "q": q, "query_without_page": _query_without_page(request)},
    )


@requires(Perm.VIEW_STRUCTURE)
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(teams_visible_to(request.user), pk=team_id)
    members = people_visible_to(request.user).filter(team=team).order_by("last_name")
    access = access_for(request.user)
    in_scope = Perm.VIEW_CASES in access.perms and (access.all_teams or team.pk in access.team_ids)
    return render(
        request,
        "org/team_detail.html",
        {"team": team, "members": members, "cases_in_scope": in_scope},
    )


@requires(Perm.VIEW_STRUCTURE)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(people_visible_to(request.user), pk=person_id)
    return render(request, "org/person_detail.html", {"person": person, "roles": roles_of(person)})


@home_panel
def _cases_panel(user: Any, access: Access) -> Panel | None:
    if Perm.VIEW_CASES not in access.perms:
        return None
    if access.own_cases and not access.team_ids and not access.all_teams:
        own = cases_visible_to(user).filter(closed_on__isnull=True)
        items = [
            PanelItem(
                text=c.child.reference,
                link=reverse("org:case", args=[c.pk]),
                meta=c.get_case_type_display(),
            )
            for c in own[:8]
        ]
        return Panel(
            key="cases",
            title="Your cases",
            items=items,
            empty_text="No cases are allocated to you at the moment.",
            more_link=reverse("org:cases"),
            more_text="All your cases",
            order=20,
        )
    counts = busiest_teams(user)
    cases_url = reverse("org:cases")
    return Panel(
        key="cases",
        title="Open cases in your teams" if not access.all_teams else "Busiest teams",
        items=[
            PanelItem(text=t.name, link=f"{cases_url}?team={t.pk}", meta=f"{n} open cases")
            for t, n in counts
        ],
        empty_text="There are no teams in your scope yet.",
        more_link=reverse("org:cases"),
        more_text="Find a case",
        order=20,
    )


@home_panel
def _aggregates_panel(user: Any, access: Access) -> Panel | None:
    if Perm.VIEW_AGGREGATES not in access.perms or not (
        access.senior or not access.perms & {Perm.VIEW_CASES}
    ):
        return None
    by_type = open_case_counts(user, by="case_type")
    labels = dict(Case.Type.choices)
    return Panel(
        key="authority",
        title="Across the authority",
        figure=sum(r["n"] for r in by_type),
        figure_label="open cases",
        items=[
            PanelItem(text=f"{labels.get(r['case_type'], r['case_type'])}: {r['n']}")
            for r in by_type
        ],
        empty_text="No cases are recorded yet.",
        more_link=reverse("org:authority"),
        more_text="Figures by area",
        order=30,
    )


@home_panel
def _admin_panel(user: Any, access: Access) -> Panel | None:
    if Perm.MANAGE_STRUCTURE not in access.perms:
        return None
    inactive = User.objects.filter(is_active=True, role_assignments__isnull=True).count()
    return Panel(
        key="admin",
        title="Administration",
        figure=inactive,
        figure_label="people without a role (they can sign in but see nothing)",
        more_link=reverse("org:admin-home"),
        more_text="Maintain the authority",
        empty_text="",
        order=15,
    )


# Administration ---------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    key: str
    label: str
    plural: str
    model: type[models.Model]
    form: type[forms.ModelForm]
    columns: tuple[str, ...]
    related: tuple[str, ...] = ()


ENTITIES: dict[str, Entity] = {
    e.key: e
    for e in [
        Entity("areas", "area", "Areas", Area, AreaForm, ("name",)),
        Entity(
            "districts",
            "district",
            "Districts",
            District,
            DistrictForm,
            ("name", "area"),
            ("area",),
        ),
        Entity("services", "service", "Services", Service, ServiceForm, ("name", "kind")),
        Entity(
            "teams",
            "team",
            "Teams",
            Team,
            TeamForm,
            ("name", "service", "district"),
            ("service", "district"),
        ),
        Entity(
            "people",
            "person",
            "People",
            User,
            PersonForm,
            ("username", "first_name", "last_name", "team"),
            ("team",),
        ),
        Entity(
            "cases",
            "case",
            "Cases",
            Case,
            CaseForm,
            ("child", "case_type", "team", "allocated_worker"),
            ("child", "team", "allocated_worker"),
        ),
    ]
}


def _entity(key: str) -> Entity:
    try:
        return ENTITIES[key]
    except KeyError:
        raise Http404 from None


@requires(Perm.MANAGE_STRUCTURE)
def admin_home(request: HttpRequest) -> HttpResponse:
    counts = {e.key: e.model._default_manager.count() for e in ENTITIES.values()}
    return render(
        request,
        "org/admin_home.html",
        {"entities": [(e, counts[e.key]) for e in ENTITIES.values()]},
    )


@requires(Perm.MANAGE_STRUCTURE)
def admin_list(request: HttpRequest, entity: str) -> HttpResponse:
    e = _entity(entity)
    rows = e.model._default_manager.select_related(*e.related).order_by("pk")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        search = {"people": "username__icontains", "cases": "child__reference__icontains"}
        rows = rows.filter(**{search.get(e.key, "name__icontains"): q})
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    table = [(obj, [_cell(obj, c) for c in e.columns]) for obj in page.object_list]
    return render(
        request,
        "org/admin_list.html",
        {
            "entity": e,
            "page_obj": page,
            "table": table,
            "q": q,
            "headers": [c.replace("_", " ").capitalize() for c in e.columns],
            "query_without_page": _query_without_page(request),
        },
    )


def _cell(obj: models.Model, column: str) -> Any:
    display = getattr(obj, f"get_{column}_display", None)
    value = display() if display else getattr(obj, column)
    return "" if value is None else value


def _save(request: HttpRequest, e: Entity, form: forms.ModelForm, instance: Any) -> Any:
    data = dict(form.cleaned_data)
    if e.key == "cases":
        reference, age_band = data.pop("reference"), data.pop("age_band")
        if instance is None:
            return services.case_create(
                actor=request.user, reference=reference, age_band=age_band, case_values=data
            )
        return services.case_update(actor=request.user, case=instance, values=data)
    if e.key == "people":
        if instance is None:
            return services.person_create(actor=request.user, values=data)
        return services.person_update(actor=request.user, person=instance, values=data)
    if instance is None:
        return services.structure_create(actor=request.user, model=e.model, values=data)
    return services.structure_update(actor=request.user, instance=instance, values=data)


@requires(Perm.MANAGE_STRUCTURE)
def admin_edit(request: HttpRequest, entity: str, pk: int | None = None) -> HttpResponse:
    e = _entity(entity)
    instance = get_object_or_404(e.model._default_manager, pk=pk) if pk else None
    form = e.form(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        # The form has already copied the new values onto `instance`; the
        # service compares against the stored record to write the history.
        stored = e.model._default_manager.get(pk=instance.pk) if instance else None
        try:
            saved = _save(request, e, form, stored)
        except ValidationError as error:
            for field, errs in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, f"Saved {e.label} {saved}.")
            if e.key == "people":
                return redirect("org:admin-person-roles", pk=saved.pk)
            return redirect("org:admin-list", entity=e.key)
    return render(request, "org/admin_edit.html", {"entity": e, "form": form, "instance": instance})


@requires(Perm.MANAGE_STRUCTURE)
def admin_person_roles(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = RoleAssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.role_assign(
            actor=request.user,
            person=person,
            role=data["role"],
            team=data["team"],
            service=data["service"],
            district=data["district"],
            area=data["area"],
        )
        messages.success(request, f"{person.username} now holds that role.")
        return redirect("org:admin-person-roles", pk=person.pk)
    return render(
        request,
        "org/admin_person_roles.html",
        {"person": person, "roles": roles_of(person), "form": form},
    )


@requires(Perm.MANAGE_STRUCTURE)
@require_POST
def admin_role_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user"), pk=pk)
    person_id = assignment.user_id
    services.role_unassign(actor=request.user, assignment=assignment)
    messages.success(request, "Role removed.")
    return redirect("org:admin-person-roles", pk=person_id)


@requires(Perm.MANAGE_STRUCTURE)
def admin_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        run = (
            csv_import.structure_import
            if form.cleaned_data["kind"] == "structure"
            else csv_import.staff_import
        )
        outcome = run(actor=request.user, text=form.cleaned_data["file"])
        if outcome.ok:
            summary = ", ".join(f"{n} {what}" for what, n in outcome.created.items())
            messages.success(request, f"Imported. New: {summary}.")
            return redirect("org:admin-import")
    return render(request, "org/admin_import.html", {"form": form, "outcome": outcome})
