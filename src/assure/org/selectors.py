"""Reads of the authority's records, scoped to the user asking (DESIGN.md invariant 2)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from assure.core.policy import access_for, case_filter, has_perm
from assure.org.roles import Perm

from .models import Area, Case, Child, District, RoleAssignment, Team, User


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
    if not has_perm(user, Perm.VIEW_STRUCTURE):
        return User.objects.none()
    return User.objects.filter(is_active=True).select_related("team")


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
    return list(
        Case.objects.filter(closed_on__isnull=True).values(by).annotate(n=Count("id")).order_by(by)
    )


def team_case_counts(user: Any) -> QuerySet[Team]:
    """Teams in the user's child-level scope with their open case counts."""
    access = access_for(user)
    teams = Team.objects.select_related("service", "district")
    if not access.all_teams:
        teams = teams.filter(pk__in=sorted(access.team_ids))
    return teams.annotate(open_cases=Count("cases", filter=Q(cases__closed_on__isnull=True)))


def areas_with_districts() -> QuerySet[Area]:
    return Area.objects.prefetch_related("districts")


def districts() -> QuerySet[District]:
    return District.objects.select_related("area")
