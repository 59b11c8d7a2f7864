"""Pages about the authority: cases, teams and people (administration: `admin_views`)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from assure.core import clock
from assure.core.access import requires
from assure.core.case_record import case_sections
from assure.core.home import Panel, PanelItem, home_panel
from assure.core.policy import Access, access_for
from assure.core.roles import Perm

from . import services
from .forms import (
    CaseSearchForm,
)
from .models import Case, User
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
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            visible = visible.filter(child__reference__icontains=data["q"])
        if data["team"]:
            team = teams_visible_to(request.user).filter(pk=data["team"]).first()
            visible = visible.filter(team_id=data["team"])
        if data["show"] != "all":  # open cases unless closed ones are asked for
            visible = visible.filter(closed_on__isnull=True)
    else:
        # A hand-edited address (?team=abc, a number past the database's integers):
        # say so plainly and list nothing, rather than every case or a server error.
        visible = visible.none()
        status = 400
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
        status=status,
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
    # Two sources count children: Assure's own open cases (today, as the case management
    # system last sent them) and the Annex A extract on Performance (at its own date).
    # Each figure says which it is, so "1,424" here and "608" there are not one thing.
    return Panel(
        key="authority",
        title="Across the authority",
        figure=sum(r["n"] for r in by_type),
        figure_label=f"open cases in Assure's case records today, {clock.today():%-d %B %Y}",
        items=[
            PanelItem(
                text=f"{labels.get(r['case_type'], r['case_type'])}: {r['n']:,} open cases",
                meta="Assure's case records",
            )
            for r in by_type
        ],
        links=[
            PanelItem(
                text="Children counted in the latest Annex A extract, at its date",
                link=reverse("insight:home"),
            )
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
