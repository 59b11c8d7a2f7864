"""Who may see and change people, their roles and the requests for roles: one policy each.

People and role assignments are not child-level records, but a role is the
key to children's records, so the rules are strict:

- Nobody changes their own roles: not on the roles page, not by a staff
  import, not by approving a request about themselves.
- A role that reads children's records (any role with Perm.VIEW_CASES) takes
  two people: an administrator asks (a RoleRequest), and a QA manager, the
  principal social worker or a director approves or refuses. The approver is
  neither the person nor whoever asked. Roles without child access (analyst,
  elected member, partner, administrator) are assigned at once.
- Seeing people and roles is for those who see the structure; maintaining them
  is for administrators (Perm.MANAGE_STRUCTURE).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from assure.core.policy import access_for, has_perm
from assure.core.records import EVERYWHERE, NOWHERE, RecordPolicy, register
from assure.core.roles import ROLES, Perm

from .models import RoleAssignment, RoleRequest, User

# The roles whose holders approve a request for child-level access.
APPROVER_ROLES = frozenset({"qa_manager", "principal_social_worker", "director"})
SELF_GRANT = "Nobody can give a role to themselves. Ask another administrator."


def reads_children(role: str) -> bool:
    """Does this role read children's records? Then granting it takes a second person."""
    known = ROLES.get(role)
    return known is not None and Perm.VIEW_CASES in known.perms


def _same(user: Any, other_id: Any) -> bool:
    return getattr(user, "pk", None) is not None and user.pk == other_id


class PersonPolicy(RecordPolicy[User]):
    model = User
    noun = "person"
    child_level = False
    actions = ("edit", "change_roles")

    def scope(self, user: Any) -> Q:
        # The structure pages list the people who can still sign in; administrators
        # reach everyone else through their own pages.
        return Q(is_active=True) if has_perm(user, Perm.VIEW_STRUCTURE) else NOWHERE

    def may_edit(self, user: Any, person: User) -> bool:
        return has_perm(user, Perm.MANAGE_STRUCTURE)

    def may_change_roles(self, user: Any, person: User) -> bool:
        return has_perm(user, Perm.MANAGE_STRUCTURE) and not _same(user, person.pk)

    def refusal(self, action: str) -> str:
        if action == "change_roles":
            return SELF_GRANT
        return super().refusal(action)


class RoleAssignmentPolicy(RecordPolicy[RoleAssignment]):
    model = RoleAssignment
    noun = "role"
    child_level = False
    actions = ("remove",)

    def scope(self, user: Any) -> Q:
        return EVERYWHERE if has_perm(user, Perm.VIEW_STRUCTURE) else NOWHERE

    def may_remove(self, user: Any, assignment: RoleAssignment) -> bool:
        return has_perm(user, Perm.MANAGE_STRUCTURE) and not _same(user, assignment.user_id)

    def refusal(self, action: str) -> str:
        return "Nobody can change their own roles. Ask another administrator."


class RoleRequestPolicy(RecordPolicy[RoleRequest]):
    model = RoleRequest
    noun = "role request"
    child_level = False
    actions = ("decide",)

    def is_approver(self, user: Any) -> bool:
        return bool(APPROVER_ROLES & set(access_for(user).role_keys))

    def scope(self, user: Any) -> Q:
        if self.is_approver(user) or has_perm(user, Perm.MANAGE_STRUCTURE):
            return EVERYWHERE
        return Q(person=user) if getattr(user, "pk", None) else NOWHERE

    def awaiting(self, user: Any) -> Q:
        """The pending requests this user may decide, as a filter."""
        if not self.is_approver(user):
            return NOWHERE
        return Q(status=RoleRequest.Status.PENDING) & ~Q(person=user) & ~Q(requested_by=user)

    def may_decide(self, user: Any, request: RoleRequest) -> bool:
        return (
            request.status == RoleRequest.Status.PENDING
            and self.is_approver(user)
            and not _same(user, request.person_id)
            and not _same(user, request.requested_by_id)
        )

    def refusal(self, action: str) -> str:
        return (
            "Only a QA manager, the principal social worker or a director decides a request "
            "for access to children's records, only while it waits, and never one they asked "
            "for or one about themselves."
        )


PEOPLE = PersonPolicy()
ROLE_ASSIGNMENTS = RoleAssignmentPolicy()
ROLE_REQUESTS = RoleRequestPolicy()
register(PEOPLE)
register(ROLE_ASSIGNMENTS)
register(ROLE_REQUESTS)
