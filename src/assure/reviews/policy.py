"""Who may see and do what in chairs' QA: one policy object per record type.

Every rule of this app is here, and services, selectors, pages, the dashboard
and the API ask these objects, so a rule is written once:

- Meetings, practice alerts and appreciations are child-level: only holders of
  `VIEW_CASES` see them, within their scope (a practitioner the cases allocated
  to them, a manager their teams, directorate-wide roles everything). A chair
  also sees the meetings they chaired; whoever raised an alert or owns its
  current stage sees it; whoever sent an appreciation sees it. Elected members
  and analysts see none of them, only aggregate figures.
- Only the chair of a meeting records its QA, its mid-way reviews and the
  appreciation its QA sends.
- A meeting is entered by hand by a chair (for a meeting they chaired), or by
  the QA unit or an administrator (for any chair); meetings are imported in
  bulk by the QA unit or an administrator.
- The owner of an alert's current stage responds to it (the QA unit may
  answer on their behalf); only the chair who raised it resolves it.
- The consistency audit of chairs' QA is the QA unit's alone.
- On the dashboard, the patterns by chair name staff: only the QA unit and
  those who see the whole directorate (chairs, senior leaders) see them.
  Readers of aggregates only (elected members, analysts) see small counts
  suppressed (`suppression.suppress_small`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from assure.core.policy import access_for, case_filter, has_perm
from assure.core.records import EVERYWHERE, NOWHERE, RecordPolicy, register
from assure.core.roles import Perm

from .models import Appreciation, ChairCheck, Meeting, PracticeAlert


def _reach(user: Any, *involved: Q) -> Q:
    """The case scope of the user's roles, OR-ed with their own involvement in the record."""
    access = access_for(user)
    if Perm.VIEW_CASES not in access.perms:
        return NOWHERE
    if access.all_teams:
        return EVERYWHERE
    reach = case_filter(user, team_field="team", worker_field="practitioner")
    for extra in involved:
        reach |= extra
    return reach


# ------------------------------------------------------------ who sees what where


def sees_everything(user: Any) -> bool:
    """Child-level reach over the whole directorate, or a senior leader's view of it."""
    access = access_for(user)
    return Perm.VIEW_CASES in access.perms and (access.all_teams or access.senior)


def may_see_chairs(user: Any) -> bool:
    """Patterns by chair name staff: the QA unit, chairs and senior leaders see them."""
    return sees_everything(user) or has_perm(user, Perm.RUN_QA)


def aggregates_only(user: Any) -> bool:
    """Readers of figures who see no child-level record (elected members, analysts): their
    figures have small counts suppressed."""
    access = access_for(user)
    return Perm.VIEW_AGGREGATES in access.perms and Perm.VIEW_CASES not in access.perms


def may_import(user: Any) -> bool:
    """Meetings arrive in bulk from the case management system: the QA unit or an
    administrator loads them."""
    return has_perm(user, Perm.RUN_QA) or has_perm(user, Perm.MANAGE_STRUCTURE)


def may_add_meeting(user: Any, chair: Any = None) -> bool:
    """A meeting entered by hand: the QA unit or an administrator for any chair, a chair for
    a meeting they chaired themselves. `chair` None asks whether the user may add any."""
    if has_perm(user, Perm.RUN_QA) or has_perm(user, Perm.MANAGE_STRUCTURE):
        return True
    if not has_perm(user, Perm.CHAIR_QA):
        return False
    return chair is None or getattr(chair, "pk", None) == user.pk


# ------------------------------------------------------------------- the policies


class MeetingPolicy(RecordPolicy[Meeting]):
    model = Meeting
    noun = "meeting"
    child_level = True
    actions = ("record_qa", "record_midway", "appreciate")

    def scope(self, user: Any) -> Q:
        return _reach(user, Q(chair=user))

    def base_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.select_related("case__child", "team", "practitioner", "chair")

    def child_ref(self, obj: Meeting) -> str:
        return obj.case.child.reference

    def _chaired_by(self, user: Any, meeting: Meeting) -> bool:
        return has_perm(user, Perm.CHAIR_QA) and meeting.chair_id == user.pk

    def may_record_qa(self, user: Any, meeting: Meeting) -> bool:
        return self._chaired_by(user, meeting)

    def may_record_midway(self, user: Any, meeting: Meeting) -> bool:
        return self._chaired_by(user, meeting)

    def may_appreciate(self, user: Any, meeting: Meeting) -> bool:
        return self._chaired_by(user, meeting)

    def refusal(self, action: str) -> str:
        if action == "record_midway":
            return "Only the chair of the meeting records its mid-way review."
        if action == "appreciate":
            return "Only the chair of the meeting sends its practice appreciation."
        return "Only the chair of this meeting records its QA."


class AlertPolicy(RecordPolicy[PracticeAlert]):
    model = PracticeAlert
    noun = "practice alert"
    child_level = True
    actions = ("respond", "resolve")

    def scope(self, user: Any) -> Q:
        return _reach(user, Q(raised_by=user), Q(owner=user))

    def base_queryset(self) -> QuerySet[PracticeAlert]:
        return PracticeAlert.objects.select_related(
            "team", "practitioner", "raised_by", "owner", "meeting__case__child"
        )

    def child_ref(self, obj: PracticeAlert) -> str:
        return obj.meeting.case.child.reference

    def may_respond(self, user: Any, alert: PracticeAlert) -> bool:
        return alert.owner_id == user.pk or has_perm(user, Perm.RUN_QA)

    def may_resolve(self, user: Any, alert: PracticeAlert) -> bool:
        return alert.raised_by_id == user.pk

    def refusal(self, action: str) -> str:
        if action == "resolve":
            return "Only the chair who raised the alert resolves it."
        return "Only the person who owns this stage of the alert responds."


class AppreciationPolicy(RecordPolicy[Appreciation]):
    model = Appreciation
    noun = "practice appreciation"
    # About a practitioner's work, shown without the child's reference.
    child_level = False
    actions = ()

    def scope(self, user: Any) -> Q:
        return _reach(user, Q(sent_by=user))

    def base_queryset(self) -> QuerySet[Appreciation]:
        return Appreciation.objects.select_related("team", "practitioner", "sent_by", "meeting")


class ChairCheckPolicy(RecordPolicy[ChairCheck]):
    model = ChairCheck
    noun = "consistency check"
    child_level = True
    actions = ("record",)

    def scope(self, user: Any) -> Q:
        return EVERYWHERE if has_perm(user, Perm.RUN_QA) else NOWHERE

    def base_queryset(self) -> QuerySet[ChairCheck]:
        return ChairCheck.objects.select_related(
            "qa__meeting__case__child", "qa__meeting__team", "qa__meeting__chair", "qa__tool"
        )

    def child_ref(self, obj: ChairCheck) -> str:
        return obj.qa.meeting.case.child.reference

    def may_draw(self, user: Any) -> bool:
        return has_perm(user, Perm.RUN_QA)

    def may_record(self, user: Any, check: ChairCheck) -> bool:
        return has_perm(user, Perm.RUN_QA)

    def refusal(self, action: str) -> str:
        return "Only the QA unit checks chairs' QA."


MEETINGS = MeetingPolicy()
ALERTS = AlertPolicy()
APPRECIATIONS = AppreciationPolicy()
CHECKS = ChairCheckPolicy()
register(MEETINGS)
register(ALERTS)
register(APPRECIATIONS)
register(CHECKS)
