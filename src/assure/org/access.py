"""How a person's role assignments become what they may do and how far they see.

Core owns the question (`core.policy.access_for`); the organisation owns the
answer, because only it knows teams, services, districts and areas. OrgConfig
registers `compute_access` with core when Django starts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from assure.core.policy import Access
from assure.core.roles import ROLES, Perm, Scope

from .models import RoleAssignment, Team


def compute_access(user: Any) -> Access:
    """A person's reach, from every role they hold and where each is anchored."""
    assignments = list(RoleAssignment.objects.filter(user=user))
    roles = tuple(ROLES[a.role] for a in assignments if a.role in ROLES)
    perms: frozenset[Perm] = frozenset().union(*(r.perms for r in roles)) if roles else frozenset()
    all_teams = any(r.scope is Scope.DIRECTORATE for r in roles)
    own = any(r.scope is Scope.OWN for r in roles)
    parts: list[Q] = []
    for a in assignments:
        role = ROLES.get(a.role)
        if role is None:
            continue
        if role.scope is Scope.TEAM:
            team_id = a.team_id or user.team_id
            if team_id:
                parts.append(Q(pk=team_id))
        elif role.scope is Scope.SERVICE and a.service_id:
            # A service manager usually covers their service in one area or district.
            part = Q(service_id=a.service_id)
            if a.district_id:
                part &= Q(district_id=a.district_id)
            elif a.area_id:
                part &= Q(district__area_id=a.area_id)
            parts.append(part)
        elif role.scope is Scope.DISTRICT and a.district_id:
            parts.append(Q(district_id=a.district_id))
        elif role.scope is Scope.AREA and a.area_id:
            parts.append(Q(district__area_id=a.area_id))
    team_ids: frozenset[int] = frozenset()
    if not all_teams and parts:
        team_filter = parts[0]
        for part in parts[1:]:
            team_filter |= part
        team_ids = frozenset(Team.objects.filter(team_filter).values_list("pk", flat=True))
    return Access(
        roles=roles,
        perms=perms,
        all_teams=all_teams,
        team_ids=team_ids,
        own_cases=own,
        senior=any(r.senior for r in roles),
    )
