"""Reads of the authority's records, scoped to the user asking (DESIGN.md invariant 2)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from assure.core.policy import access_for, case_filter, has_perm
from assure.core.roles import Perm

from .models import Area, Case, Child, District, RoleAssignment, Team, User
from .policy import PEOPLE


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Child-level: only the cases in the user's scope (own, team, service, ...)."""
    return Case.objects.filter(case_filter(user)).select_related(
        "child", "team", "allocated_worker"
    )


def case_for(user: Any, case_id: int) -> Case | None:
    """One case, or None when it does not exist or is outside the user's scope."""
    return cases_visible_to(user).filter(pk=case_id).first()


def children_visible_to(user: Any) -> QuerySet[Child]:
    return Child.objects.filter(pk__in=Case.objects.filter(case_filter(user)).values("child_id"))


def teams_visible_to(user: Any) -> QuerySet[Team]:
    """The structure (names of teams, their service and place) is not child-level."""
    if not has_perm(user, Perm.VIEW_STRUCTURE):
        return Team.objects.none()
    return Team.objects.select_related("service", "district__area", "manager")


def people_visible_to(user: Any) -> QuerySet[User]:
    return PEOPLE.visible_to(user).select_related("team")


def roles_of(person: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=person).select_related(
        "team", "service", "district", "area"
    )


def open_case_counts(user: Any, *, by: str) -> list[dict[str, Any]]:
    """Open cases counted by `by` (a field path), over the whole authority.

    Aggregates are for anyone with VIEW_AGGREGATES, elected members included;
    they never carry a child's reference.
    """
    if not has_perm(user, Perm.VIEW_AGGREGATES):
        return []

    def count() -> list[dict[str, Any]]:
        return list(
            Case.objects.filter(closed_on__isnull=True)
            .values(by)
            .annotate(n=Count("id"))
            .order_by(by)
        )

    # The same county-wide figure for everyone; a minute old is fresh enough.
    counts = cache.get_or_set(f"assure:open-case-counts:{by}", count, timeout=60)
    return list(counts or [])


def busiest_teams(user: Any, limit: int = 8) -> list[tuple[Team, int]]:
    """The teams in the user's scope with the most open cases, and their counts.

    Counted on the case table alone (no join to teams), then the few teams are
    fetched: the join-and-group form cost ten times as much on a county.
    """
    access = access_for(user)
    cases = Case.objects.filter(closed_on__isnull=True)
    if not access.all_teams:
        cases = cases.filter(team_id__in=sorted(access.team_ids))
    top = list(cases.values("team_id").annotate(n=Count("id")).order_by("-n", "team_id")[:limit])
    teams = Team.objects.in_bulk([row["team_id"] for row in top])
    return [(teams[row["team_id"]], row["n"]) for row in top]


def areas_with_districts() -> QuerySet[Area]:
    return Area.objects.prefetch_related("districts")


def districts() -> QuerySet[District]:
    return District.objects.select_related("area")


def service_managers_of(team: Team) -> list[User]:
    """The service managers whose scope covers this team (service, within area or district)."""

    district = team.district
    area_id = district.area_id if district else None
    anchor = Q(area__isnull=True, district__isnull=True)
    if district is not None:
        anchor |= Q(district_id=district.pk) | Q(area_id=area_id, district__isnull=True)
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__in=RoleAssignment.objects.filter(
                Q(role="service_manager", service_id=team.service_id) & anchor
            ),
        )
        .distinct()
        .order_by("pk")
    )
