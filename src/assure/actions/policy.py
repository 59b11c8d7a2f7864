"""Who may see, raise, work on and redirect an action: the one policy for actions.

Selectors, pages and services all ask `ACTIONS`, so each rule is written here once.

- Seeing an action: its owner, whoever raised it, the owner's line manager, the
  people whose case scope covers the action's team (or its owner, for people
  who see their own cases), the directorate-wide roles and the QA unit.
- Working on it (progress, evidence, comments, completing it): its owner,
  whoever raised it, the owner's line manager, and the QA unit (Perm.RUN_QA).
- Redirecting it (a new owner, a new due date): whoever raised it, the owner's
  line manager and the QA unit, not the owner alone: an owner who cannot meet
  a date asks their manager, so the change is a manager's decision on record.
- Raising one: anyone who runs a QA activity (auditors, moderators, chairs, the
  QA unit), a line manager for the people they manage, and anyone for themselves.
- Owning one: someone who can still sign in and whose role opens case actions;
  and when the action is about a child, someone who may see that child. An
  action is no back door to a child's record: giving it to someone outside the
  child's scope would show them the child's reference and what is wrong.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from assure.core.policy import access_for, case_filter, has_perm
from assure.core.records import EVERYWHERE, NOWHERE, RecordPolicy, register
from assure.core.roles import ROLES, Perm
from assure.org.models import Case, Team, User

from .models import Action

RAISING_PERMS = frozenset({Perm.AUDIT_CASES, Perm.MODERATE, Perm.CHAIR_QA, Perm.RUN_QA})
# Only people who can open an action (they work with cases) can own one.
CASEWORK_ROLES = tuple(sorted(k for k, r in ROLES.items() if Perm.VIEW_CASES in r.perms))

RAISE_REFUSED = "You can raise an action for yourself or for people you line-manage"
CHILD_NOT_SEEN = "Enter the reference of a child whose case you see"


def _user_id(user: Any) -> Any:
    return getattr(user, "pk", None)


class ActionPolicy(RecordPolicy[Action]):
    model = Action
    noun = "action"
    child_level = True  # an action may carry a child's reference
    grantable = False
    actions = ("work_on", "redirect")

    # What the roles reach -------------------------------------------------------------

    def scope(self, user: Any) -> Q:
        access = access_for(user)
        if Perm.VIEW_HOME not in access.perms:
            return NOWHERE
        if Perm.RUN_QA in access.perms or (Perm.VIEW_CASES in access.perms and access.all_teams):
            return EVERYWHERE  # the QA unit and directorate-wide roles see every action
        q = Q(owner=user) | Q(created_by=user) | Q(owner__line_manager=user)
        if Perm.VIEW_CASES in access.perms:
            q |= case_filter(user, team_field="team", worker_field="owner")
        return q

    def child_ref(self, obj: Action) -> str:
        return obj.child_ref

    # Working on and redirecting one action --------------------------------------------

    def is_qa_unit(self, user: Any) -> bool:
        return has_perm(user, Perm.RUN_QA)

    def manages_owner(self, user: Any, action: Action) -> bool:
        # `owner` is select_related by the selectors and the write path: no query here.
        return action.owner.line_manager_id == _user_id(user)

    def may_work_on(self, user: Any, action: Action) -> bool:
        if not has_perm(user, Perm.VIEW_HOME):
            return False
        return (
            action.owner_id == _user_id(user)
            or action.created_by_id == _user_id(user)
            or self.manages_owner(user, action)
            or self.is_qa_unit(user)
        )

    def may_redirect(self, user: Any, action: Action) -> bool:
        if not has_perm(user, Perm.VIEW_HOME):
            return False
        return (
            action.created_by_id == _user_id(user)
            or self.manages_owner(user, action)
            or self.is_qa_unit(user)
        )

    def refusal(self, action: str) -> str:
        what = {"work_on": "update", "redirect": "reassign or change the due date of"}
        return f"You may not {what.get(action, action)} this action."

    # Raising one, and who may own it ---------------------------------------------------

    def may_raise_for(self, user: Any, owner: User) -> bool:
        access = access_for(user)
        if Perm.VIEW_HOME not in access.perms:
            return False
        return bool(
            access.perms & RAISING_PERMS
            or owner.pk == _user_id(user)
            or owner.line_manager_id == _user_id(user)
        )

    def sees_child(self, user: Any, child_ref: str) -> bool:
        """Does `user` have a case of this child in their scope?"""
        if not child_ref:
            return True
        return (
            Case.objects.filter(case_filter(user), child__reference=child_ref).values("pk").exists()
        )

    def owner_problem(self, owner: User, *, child_ref: str = "") -> str:
        """Why `owner` cannot own an action (about this child); '' when they can."""
        if not owner.is_active:
            return "Choose someone who can still sign in to Assure"
        if not has_perm(owner, Perm.VIEW_CASES):
            return "Choose someone whose role lets them open case actions"
        if child_ref and not self.sees_child(owner, child_ref):
            return (
                "Choose someone who may see this child's case: the action names the child, "
                "so only people whose scope includes the case may own it"
            )
        return ""

    def possible_owners(self) -> QuerySet[User]:
        """The people a form offers as owners (the child's scope is checked on saving)."""
        return (
            User.objects.filter(is_active=True, role_assignments__role__in=CASEWORK_ROLES)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )

    # What a person raising an action may point it at ----------------------------------

    def case_of_child(self, user: Any, child_ref: str) -> Case | None:
        """The case of this child the user sees (its team is the action's), or None."""
        return (
            Case.objects.filter(case_filter(user), child__reference=child_ref)
            .select_related("team")
            .order_by(F("closed_on").asc(nulls_first=True), "-opened_on", "id")
            .first()
        )

    def teams_for(self, user: Any) -> QuerySet[Team]:
        """The teams an action raised by `user` may concern: those in their case scope."""
        access = access_for(user)
        if Perm.VIEW_CASES not in access.perms:
            return Team.objects.none()
        teams = Team.objects.select_related("service", "district__area", "manager")
        return teams if access.all_teams else teams.filter(pk__in=sorted(access.team_ids))


ACTIONS = ActionPolicy()
register(ACTIONS)
