"""What each identity should get from each route: the walks' one expectation table.

`expected_status(role, route)` is the single place the page walk and the API
walk ask. Today it reads the permission a view declares (`assure_permission`
from `requires`) and, for the API, the permission each operation answers to
(`API_PERMISSIONS`); when the rules live in record policies it can ask those
instead without either walk changing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assure.core.roles import ROLES, Perm, Scope

ANONYMOUS = "anonymous"
NO_ROLE = "nobody"  # signs in, holds no role
IDENTITIES = [ANONYMOUS, *ROLES, NO_ROLE]
SIGNED_IN = "signed_in"  # any signed-in person, whatever roles they hold

# The API's operations check inside the handler (through selectors and services)
# rather than declaring a permission; this is the permission each one answers to.
API_PERMISSIONS: dict[str, Perm | str | None] = {
    "POST /api/v1/auth/token": None,
    "GET /api/v1/audits": Perm.VIEW_CASES,
    "GET /api/v1/audits/{audit_id}": Perm.VIEW_CASES,
    "PUT /api/v1/audits/{audit_id}/responses": Perm.AUDIT_CASES,
    "POST /api/v1/audits/{audit_id}/submit": Perm.AUDIT_CASES,
    "POST /api/v1/audits/{audit_id}/moderation": Perm.MODERATE,
    "POST /api/v1/audits/{audit_id}/actions": Perm.VIEW_CASES,
    "POST /api/v1/audits/{audit_id}/finalise": Perm.MODERATE,
    "GET /api/v1/audits/{audit_id}/document": Perm.VIEW_CASES,
    "GET /api/v1/indicators": Perm.VIEW_AGGREGATES,
    "GET /api/v1/benchmarks": Perm.VIEW_AGGREGATES,
    "GET /api/v1/me": SIGNED_IN,
    "GET /api/v1/notifications": Perm.VIEW_HOME,
    "GET /api/v1/meetings": Perm.VIEW_CASES,
    "GET /api/v1/meetings/{meeting_id}": Perm.VIEW_CASES,
    "POST /api/v1/meetings/{meeting_id}/qa": Perm.CHAIR_QA,
    "GET /api/v1/alerts": Perm.VIEW_CASES,
    "POST /api/v1/alerts/{alert_id}/response": Perm.VIEW_CASES,
    "POST /api/v1/alerts/{alert_id}/resolve": Perm.VIEW_CASES,
    "DELETE /api/v1/auth/token": SIGNED_IN,
    "GET /api/v1/setup": Perm.MANAGE_STRUCTURE,
    "POST /api/v1/cycles": Perm.RUN_QA,
    "POST /api/v1/cycles/{cycle_id}/samples": Perm.RUN_QA,
    "PUT /api/v1/cases/{reference}": Perm.MANAGE_STRUCTURE,
    "GET /api/v1/tasks/{task}": SIGNED_IN,
    "GET /api/v1/reports/schedule": Perm.VIEW_AGGREGATES,
    "POST /api/v1/reports/{report_id}/generate": Perm.VIEW_AGGREGATES,
    "GET /api/v1/feedback": Perm.VIEW_AGGREGATES,
    "POST /api/v1/feedback": Perm.VIEW_STRUCTURE,
    # QA programmes: members are granted one programme whatever their roles, so the
    # record (not a permission) decides; creating one asks for the QA unit or seniority.
    "GET /api/v1/programmes": Perm.VIEW_HOME,
    "GET /api/v1/programmes/suggestions": Perm.RUN_QA,
    "GET /api/v1/programmes/{programme_id}": Perm.VIEW_HOME,
    "POST /api/v1/programmes": Perm.VIEW_HOME,
    "POST /api/v1/programmes/{programme_id}/members": Perm.VIEW_HOME,
    "POST /api/v1/programmes/{programme_id}/lines": Perm.VIEW_HOME,
    "POST /api/v1/programmes/{programme_id}/sample": Perm.VIEW_HOME,
    "POST /api/v1/programmes/{programme_id}/findings": Perm.VIEW_HOME,
    "POST /api/v1/programmes/{programme_id}/actions": Perm.VIEW_HOME,
    "GET /api/v1/cases/{reference}": Perm.VIEW_HOME,  # staff in scope, or a programme's member
}

# Pages whose GET asks for a document to be made in the background and redirects to
# that document's page (reports.document_jobs), rather than answering 200 itself.
DOCUMENT_REQUESTS = {
    "insight/report/snapshot/<int:snapshot_id>/report.pdf",
    "insight/report/snapshot/<int:snapshot_id>/report.docx",
}


def _maps_team_names(role: str) -> bool:
    """Mapping Annex A team names redirects whose children a manager sees: only those who
    import or keep the structure and see every team's children (insight.policy)."""
    held = ROLES[role]
    keeps = Perm.MANAGE_STRUCTURE in held.perms or Perm.IMPORT_DATA in held.perms
    return keeps and Perm.VIEW_CASES in held.perms and held.scope is Scope.DIRECTORATE


# Pages that anyone holding their permission may read, but whose form asks for more.
WRITE_PERMISSIONS: dict[str, Callable[[str], bool]] = {
    "insight/teams/": _maps_team_names,
}


@dataclass(frozen=True)
class Route:
    """One thing a client can ask for: a page route or an API operation, and a method."""

    kind: str  # "page" or "api"
    method: str  # GET, POST, PUT...
    path: str  # the route's pattern, or the API operation's path
    perm: Perm | str | None  # None: open to anyone; SIGNED_IN: anyone signed in
    object_level: bool = False  # the record itself may still refuse a holder of `perm`
    listing: bool = False  # an API list: answers what the caller may see, perhaps nothing
    shaped: bool = False  # an API write sent a body of the right shape (not an empty one)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def holds(role: str, perm: Perm | str) -> bool:
    if perm == SIGNED_IN:
        return role != ANONYMOUS
    return role in ROLES and perm in ROLES[role].perms


def expected_status(role: str, route: Route) -> frozenset[int]:
    """Every status `role` may get from `route` when it sends nothing, or an empty form."""
    safe = route.method in ("GET", "HEAD")
    if route.kind == "api":
        return _expected_api(role, route, safe)
    if route.perm is None:  # public: answers anyone, never fails
        return frozenset({200, 302, 405}) if safe else frozenset({200, 302, 400, 405})
    if role == ANONYMOUS:
        return frozenset({302})  # to sign in; the walk checks where
    if not holds(role, route.perm):
        return frozenset({403})
    may_write = WRITE_PERMISSIONS.get(route.path)
    if not safe and may_write and (role not in ROLES or not may_write(role)):
        return frozenset({403})
    allowed = {200, 405} if safe else {200, 302, 400, 405, 409}  # 405: the other method only
    if route.path in DOCUMENT_REQUESTS:
        allowed.add(302)
    if route.object_level:
        allowed |= {403, 404}
    return frozenset(allowed)


def _expected_api(role: str, route: Route, safe: bool) -> frozenset[int]:
    if route.perm is None:
        return frozenset({200, 400, 401})  # the token exchange: bad input, bad password
    if role == ANONYMOUS:
        return frozenset({401})
    if (route.method, route.path) == ("DELETE", "/api/v1/auth/token"):
        return frozenset({204, 401})  # revokes the bearer token it came with; a session has none
    if not safe and not route.shaped:
        return frozenset({400})  # an empty body is refused before anyone is asked
    if not holds(role, route.perm):
        # Lists answer with what the caller may see, which is nothing; a record
        # is not found (its existence must not leak), a figure is forbidden.
        return frozenset({200}) if route.listing else frozenset({403, 404})
    if safe:
        return frozenset({200, 400, 404})
    return frozenset({200, 201, 400, 403, 404, 409})
