"""Roles, what each may do, and how far each sees: the one permission table.

Roles are data so that the policy, the navigation, the URL-walking test and
the documentation read the same table. A person may hold several roles; each
assignment is anchored to a unit (a team, a district, an area, a service or
the whole directorate) and its scope follows from the role.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Scope(StrEnum):
    OWN = "own"  # the cases allocated to the person
    TEAM = "team"
    SERVICE = "service"
    DISTRICT = "district"
    AREA = "area"
    DIRECTORATE = "directorate"
    NONE = "none"  # no child-level access at all


class Perm(StrEnum):
    """Capabilities. Views, services and the API ask for one of these."""

    VIEW_HOME = "view_home"
    VIEW_CASES = "view_cases"  # child-level records within scope
    VIEW_AGGREGATES = "view_aggregates"  # counts and figures, never a child
    VIEW_STRUCTURE = "view_structure"  # the authority's teams and people
    MANAGE_STRUCTURE = "manage_structure"  # administrators: structure, staff, cases
    SEARCH_AUDIT_TRAIL = "search_audit_trail"
    RUN_QA = "run_qa"  # the QA unit's own tools: calendar, sampling, imports
    AUDIT_CASES = "audit_cases"  # auditing managers
    MODERATE = "moderate"
    CHAIR_QA = "chair_qa"  # CP chairs and IROs
    IMPORT_DATA = "import_data"  # Annex A uploads


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    scope: Scope
    perms: frozenset[Perm]
    senior: bool = False  # sees the directorate's aggregate dashboards


_BASE = frozenset({Perm.VIEW_HOME})
_CASEWORK = _BASE | {Perm.VIEW_CASES, Perm.VIEW_AGGREGATES, Perm.VIEW_STRUCTURE}
_QA_UNIT = _CASEWORK | {Perm.RUN_QA, Perm.MODERATE, Perm.SEARCH_AUDIT_TRAIL, Perm.IMPORT_DATA}

ROLES: dict[str, Role] = {
    r.key: r
    for r in [
        Role("practitioner", "Practitioner", Scope.OWN, _CASEWORK),
        Role("business_support", "Business support", Scope.TEAM, _CASEWORK),
        Role("team_manager", "Team manager", Scope.TEAM, _CASEWORK | {Perm.AUDIT_CASES}),
        Role(
            "service_manager",
            "Service manager",
            Scope.SERVICE,
            _CASEWORK | {Perm.AUDIT_CASES, Perm.MODERATE},
        ),
        Role(
            "assistant_director",
            "Assistant director",
            Scope.AREA,
            _CASEWORK | {Perm.MODERATE},
            senior=True,
        ),
        Role("director", "Director", Scope.DIRECTORATE, _CASEWORK, senior=True),
        Role("corporate_director", "Corporate director", Scope.DIRECTORATE, _CASEWORK, senior=True),
        Role(
            "principal_social_worker",
            "Principal social worker",
            Scope.DIRECTORATE,
            _CASEWORK | {Perm.MODERATE, Perm.RUN_QA},
            senior=True,
        ),
        Role("qa_pdm", "QA unit: practice development manager", Scope.DIRECTORATE, _QA_UNIT),
        Role("qa_sso", "QA unit: social work standards officer", Scope.DIRECTORATE, _QA_UNIT),
        Role("qa_manager", "QA unit: QA manager", Scope.DIRECTORATE, _QA_UNIT),
        Role("cp_chair", "Child protection chair", Scope.DIRECTORATE, _CASEWORK | {Perm.CHAIR_QA}),
        Role(
            "iro", "Independent reviewing officer", Scope.DIRECTORATE, _CASEWORK | {Perm.CHAIR_QA}
        ),
        Role(
            "analyst",
            "Performance analyst",
            Scope.NONE,
            _BASE | {Perm.VIEW_AGGREGATES, Perm.VIEW_STRUCTURE, Perm.IMPORT_DATA},
        ),
        Role("partner", "Partner agency member", Scope.NONE, _BASE),
        Role("elected_member", "Elected member", Scope.NONE, _BASE | {Perm.VIEW_AGGREGATES}),
        Role(
            "administrator",
            "System administrator",
            Scope.NONE,
            _BASE | {Perm.VIEW_STRUCTURE, Perm.MANAGE_STRUCTURE, Perm.SEARCH_AUDIT_TRAIL},
        ),
    ]
}

ROLE_CHOICES = [(r.key, r.label) for r in ROLES.values()]
