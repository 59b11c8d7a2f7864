"""Who may see and do what in QA programmes: one policy per record type.

- The QA unit (RUN_QA) and senior leaders see every programme; anyone else sees
  the programmes they lead or were added to. Adding a member gives them an
  ObjectGrant on the programme, so a partner agency's account reaches that
  programme and nothing else (their role reads no case or audit anywhere).
- A programme's sample and observations are child-level: the QA unit, the lead
  and the programme's members see them (a membership is the grant), and every
  showing is in the trail.
- Running a programme (members, lines of enquiry, the sample, findings, actions,
  its status and publishing) is for the QA unit, its lead, whoever started it and
  its chairs and members; guests and partners read, and guests may observe.
- Creating one is for the QA unit and senior leaders.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from assure.core.policy import access_for, has_perm
from assure.core.records import EVERYWHERE, NOWHERE, RecordPolicy, register
from assure.core.roles import Perm

from .models import Member, Observation, Programme

RUNNING_ROLES = (Member.Role.CHAIR, Member.Role.MEMBER)
OBSERVING_ROLES = (Member.Role.CHAIR, Member.Role.MEMBER, Member.Role.GUEST)


def may_create(user: Any) -> bool:
    access = access_for(user)
    return Perm.RUN_QA in access.perms or access.senior


def membership(user: Any, programme: Programme) -> str | None:
    """The user's role on the programme, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Member.objects.filter(programme=programme, user=user).values_list("role", flat=True).first()
    )


class ProgrammePolicy(RecordPolicy[Programme]):
    model = Programme
    noun = "programme"
    child_level = False  # the programme is about practice; its sample is trailed on its own
    grantable = True  # a member (a partner agency's account) is granted the one programme
    actions = ("manage", "observe", "see_cases")

    def scope(self, user: Any) -> Q:
        access = access_for(user)
        if Perm.RUN_QA in access.perms or access.senior:
            return EVERYWHERE
        if not access.roles:
            return NOWHERE
        return Q(lead=user) | Q(created_by=user)

    def _runs(self, user: Any, programme: Programme) -> bool:
        return has_perm(user, Perm.RUN_QA) or user.pk in (
            programme.lead_id,
            programme.created_by_id,
        )

    def may_manage(self, user: Any, programme: Programme) -> bool:
        return self._runs(user, programme) or membership(user, programme) in RUNNING_ROLES

    def may_observe(self, user: Any, programme: Programme) -> bool:
        return self._runs(user, programme) or membership(user, programme) in OBSERVING_ROLES

    def may_see_cases(self, user: Any, programme: Programme) -> bool:
        if self._runs(user, programme) or membership(user, programme) is not None:
            return True
        access = access_for(user)
        return Perm.VIEW_CASES in access.perms and access.all_teams

    def refusal(self, action: str) -> str:
        if action == "manage":
            return "Only the QA unit, the programme's lead and its members can change it."
        if action == "observe":
            return "Only the programme's team can record observations."
        return super().refusal(action)


class ObservationPolicy(RecordPolicy[Observation]):
    model = Observation
    noun = "observation"
    child_level = True
    actions = ("edit",)

    def scope(self, user: Any) -> Q:
        """The observations of the programmes whose cases the user may see (as
        `ProgrammePolicy.may_see_cases`, written as one filter)."""
        access = access_for(user)
        if not access.roles:
            return NOWHERE
        if Perm.RUN_QA in access.perms or (Perm.VIEW_CASES in access.perms and access.all_teams):
            return EVERYWHERE
        joined = Member.objects.filter(user=user).values("programme_id")
        return Q(programme__lead=user) | Q(programme__created_by=user) | Q(programme_id__in=joined)

    def child_ref(self, obj: Observation) -> str:
        return obj.case.child.reference if obj.case is not None else ""

    def may_edit(self, user: Any, obs: Observation) -> bool:
        return obs.observer_id == user.pk and obs.status == Observation.Status.DRAFT


PROGRAMMES = register(ProgrammePolicy())
OBSERVATIONS = register(ObservationPolicy())
