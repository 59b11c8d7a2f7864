"""The one permission policy: may this user do X, and how far do they see.

Every view, service and API endpoint asks here. The answers are computed once
per user object (one query for the roles, at most one for the teams) and kept
on it for the rest of the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from assure.core.roles import Perm, Role

_CACHE_ATTR = "_assure_access"


@dataclass(frozen=True)
class Access:
    """What one person may do and see, from all the roles they hold."""

    roles: tuple[Role, ...]
    perms: frozenset[Perm]
    all_teams: bool  # directorate-wide child-level scope
    team_ids: frozenset[int]  # teams seen in full (when not all_teams)
    own_cases: bool  # sees cases allocated to them wherever they are
    senior: bool

    @property
    def role_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.roles)

    @property
    def scope_label(self) -> str:
        if self.all_teams:
            return "Whole directorate"
        if self.team_ids:
            return f"{len(self.team_ids)} team{'s' if len(self.team_ids) != 1 else ''}"
        if self.own_cases:
            return "Own cases"
        return "Aggregate figures only"


NO_ACCESS = Access((), frozenset(), False, frozenset(), False, False)


def access_for(user: Any) -> Access:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    result = _compute_access(user)
    setattr(user, _CACHE_ATTR, result)
    return result


def forget_access(user: Any) -> None:
    """Drop the cached answer after the user's roles change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def register_access_resolver(resolver: Callable[[Any], Access]) -> None:
    """The organisation app says how a person's roles become an Access (core knows no app)."""
    global _resolver
    _resolver = resolver


_resolver: Callable[[Any], Access] | None = None


def _compute_access(user: Any) -> Access:
    if _resolver is None:
        raise RuntimeError("No access resolver registered: is assure.org installed?")
    return _resolver(user)


def has_perm(user: Any, perm: Perm) -> bool:
    return perm in access_for(user).perms


def require_perm(user: Any, perm: Perm) -> None:
    """For services: refuse the action unless the user holds the permission."""
    if not has_perm(user, perm):
        raise PermissionDenied(f"You do not have permission to {perm.value.replace('_', ' ')}.")


def case_filter(user: Any, team_field: str = "team", worker_field: str = "allocated_worker") -> Q:
    """A Q that keeps rows in the user's child-level scope.

    `team_field` and `worker_field` name the paths from the filtered model to
    the case's team and allocated worker, so audits, meetings and actions can
    reuse the same rule.
    """
    access = access_for(user)
    if Perm.VIEW_CASES not in access.perms:
        return Q(pk__in=[])
    if access.all_teams:
        # An always-true condition rather than Q(): an empty Q vanishes when OR-ed with
        # another, which would turn "everything" into "only the other condition".
        return Q(pk__isnull=False)
    q = Q(**{f"{team_field}__in": sorted(access.team_ids)}) if access.team_ids else Q(pk__in=[])
    if access.own_cases:
        q |= Q(**{worker_field: user})
    return q
