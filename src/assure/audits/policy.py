"""Who may see and do what in the audit cycle: one policy per record type.

Every page, API endpoint, selector and service of the audits app asks these
objects, so each rule is written here once:

- An audit is seen by the practitioner whose case it is, by its auditor and
  moderator, by the teams its case belongs to (team and service scope) and by
  the whole directorate for those whose scope is the directorate. Elected
  members and analysts see none (only the county-wide figures elsewhere).
- Only the allocated auditor answers (and submits) an audit, and only while it
  is open.
- Moderating and finalising need a moderating manager for the audit's service
  (its assigned moderator, a holder of MODERATE whose scope reaches the team,
  or the QA unit) and never the person who conducted the audit: a grade is not
  checked by the person who gave it, whatever roles they hold.
- The QA unit reallocates an audit not yet submitted, draws and swaps samples
  and keeps the calendar.
- Actions come from the auditor while auditing, or from a moderator once it is
  submitted, never after it is finalised.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from assure.core import trail
from assure.core.models import AuditEvent
from assure.core.policy import access_for, case_filter, has_perm
from assure.core.records import EVERYWHERE, NOWHERE, RecordPolicy, register
from assure.core.roles import Perm

from .models import AppreciativeInquiry, Audit, CalendarEntry, Cycle, Sample

OPEN = (Audit.Status.ALLOCATED, Audit.Status.IN_PROGRESS)
AWAITING_MODERATION = (Audit.Status.SUBMITTED, Audit.Status.IN_MODERATION)


def _user_id(user: Any) -> Any:
    return getattr(user, "pk", None)


class AuditPolicy(RecordPolicy[Audit]):
    model = Audit
    noun = "audit"
    child_level = True
    grantable = False  # case audits are the authority's own; partners join multi-agency audits
    actions = ("answer", "moderate", "finalise", "reallocate", "add_action", "download")

    # What the roles reach -------------------------------------------------------------

    def scope(self, user: Any) -> Q:
        access = access_for(user)
        if Perm.VIEW_CASES not in access.perms:
            return NOWHERE
        if access.all_teams:
            return EVERYWHERE
        return (
            case_filter(user, team_field="team", worker_field="practitioner")
            | Q(auditor=user)
            | Q(moderator=user)
        )

    def moderation_scope(self, user: Any) -> Q:
        """The audits this user could moderate, as a filter: `moderates` in SQL."""
        access = access_for(user)
        if Perm.VIEW_CASES not in access.perms:
            return NOWHERE
        if Perm.RUN_QA in access.perms or (Perm.MODERATE in access.perms and access.all_teams):
            reach = EVERYWHERE
        elif Perm.MODERATE in access.perms:
            reach = Q(moderator=user) | Q(team_id__in=sorted(access.team_ids))
        else:
            reach = Q(moderator=user)
        return reach & ~Q(auditor=user)

    def may_queue(self, user: Any) -> bool:
        """Has a moderation queue at all: moderating managers and the QA unit."""
        return bool(access_for(user).perms & {Perm.MODERATE, Perm.RUN_QA})

    # The person-level rules, then the actions -----------------------------------------

    def conducted(self, user: Any, audit: Audit) -> bool:
        return audit.auditor_id == _user_id(user)

    def moderates(self, user: Any, audit: Audit) -> bool:
        """A moderating manager for this audit's service, and not the one who conducted it."""
        access = access_for(user)
        if Perm.VIEW_CASES not in access.perms or self.conducted(user, audit):
            return False
        if audit.moderator_id == _user_id(user) or Perm.RUN_QA in access.perms:
            return True
        if Perm.MODERATE not in access.perms:
            return False
        return access.all_teams or audit.team_id in access.team_ids

    def may_answer(self, user: Any, audit: Audit) -> bool:
        return (
            has_perm(user, Perm.VIEW_CASES) and self.conducted(user, audit) and audit.status in OPEN
        )

    def may_moderate(self, user: Any, audit: Audit) -> bool:
        return audit.status in AWAITING_MODERATION and self.moderates(user, audit)

    def may_finalise(self, user: Any, audit: Audit) -> bool:
        return audit.status == Audit.Status.IN_MODERATION and self.moderates(user, audit)

    def may_reallocate(self, user: Any, audit: Audit) -> bool:
        return audit.status in OPEN and has_perm(user, Perm.RUN_QA)

    def may_add_action(self, user: Any, audit: Audit) -> bool:
        if audit.status in OPEN:
            return self.may_answer(user, audit)
        return self.may_moderate(user, audit)

    def possible_auditors(self) -> QuerySet[Any]:
        """The people an audit may be allocated to: auditing managers who can sign in."""
        from assure.core.roles import ROLES
        from assure.org.models import User

        roles = sorted(k for k, r in ROLES.items() if Perm.AUDIT_CASES in r.perms)
        return (
            User.objects.filter(is_active=True, role_assignments__role__in=roles)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )

    def may_download(self, user: Any, audit: Audit) -> bool:
        """The finalised audit's document, for anyone who may see the audit."""
        return audit.status == Audit.Status.FINALISED and has_perm(user, Perm.VIEW_CASES)

    # Refusals that say why ------------------------------------------------------------

    def reason(self, user: Any, action: str, audit: Audit) -> str:
        """Why `user` may not take `action` on this audit, in a sentence they can act on."""
        if action in ("answer", "add_action") and audit.status in OPEN:
            return "Only the allocated auditor can answer, submit or add actions to this audit."
        if action == "answer":
            return "This audit has been submitted; its answers are final."
        if action == "reallocate":
            if audit.status not in OPEN:
                return "Only an audit not yet submitted can be reallocated."
            return "Only the QA unit reallocates audits."
        if action == "download":
            return "Only a finalised audit has a document."
        if action in ("moderate", "finalise", "add_action"):
            if audit.status == Audit.Status.FINALISED:
                return "This audit is finalised; raise a new action instead."
            if self.conducted(user, audit):
                return "You conducted this audit, so someone else must moderate and finalise it."
            if not self.moderates(user, audit):
                return "Only a moderating manager for this service can moderate."
            if action == "finalise":
                return "Record the moderation before finalising."
            return "Only a submitted audit can be moderated."
        return self.refusal(action)

    def check(self, user: Any, action: str, obj: Audit) -> None:
        if not self.may(user, action, obj):
            raise PermissionDenied(self.reason(user, action, obj))

    # The trail ------------------------------------------------------------------------

    def child_ref(self, obj: Audit) -> str:
        return obj.case.child.reference

    def record_export(self, user: Any, audit: Audit, *, what: str) -> None:
        """A finalised audit left Assure as a document: the trail says who took it."""
        trail.record(
            actor=user,
            action=AuditEvent.Action.EXPORT,
            obj=audit,
            child_ref=self.child_ref(audit),
            summary=what,
        )


class CyclePolicy(RecordPolicy[Cycle]):
    """Cycles, their calendars and samples are the QA unit's own tools."""

    model = Cycle
    noun = "audit cycle"
    child_level = False
    actions = ("draw_sample",)

    def scope(self, user: Any) -> Q:
        return EVERYWHERE if has_perm(user, Perm.RUN_QA) else NOWHERE

    def may_create(self, user: Any) -> bool:
        return has_perm(user, Perm.RUN_QA)

    def may_draw_sample(self, user: Any, cycle: Cycle) -> bool:
        return has_perm(user, Perm.RUN_QA)


class CalendarEntryPolicy(RecordPolicy[CalendarEntry]):
    model = CalendarEntry
    noun = "calendar entry"
    child_level = False
    actions = ("edit",)

    def scope(self, user: Any) -> Q:
        return EVERYWHERE if has_perm(user, Perm.RUN_QA) else NOWHERE

    def may_create(self, user: Any) -> bool:
        return has_perm(user, Perm.RUN_QA)

    def may_edit(self, user: Any, entry: CalendarEntry) -> bool:
        return has_perm(user, Perm.RUN_QA)


class SamplePolicy(RecordPolicy[Sample]):
    """A sample lists the children whose cases were drawn, so reading it is trailed."""

    model = Sample
    noun = "sample"
    child_level = True
    actions = ("swap", "allocate")

    def scope(self, user: Any) -> Q:
        return EVERYWHERE if has_perm(user, Perm.RUN_QA) else NOWHERE

    def may_swap(self, user: Any, sample: Sample) -> bool:
        return has_perm(user, Perm.RUN_QA) and sample.status == Sample.Status.DRAFT

    def may_allocate(self, user: Any, sample: Sample) -> bool:
        return has_perm(user, Perm.RUN_QA) and sample.status == Sample.Status.DRAFT

    def refusal(self, action: str) -> str:
        return f"Only the QA unit can {action} cases in a sample not yet allocated."


class InquiryPolicy(RecordPolicy[AppreciativeInquiry]):
    """Appreciative inquiries are a team's: its managers and the QA unit record them."""

    model = AppreciativeInquiry
    noun = "appreciative inquiry"
    child_level = False  # team-level reflection; the linked audits are read on their own pages
    actions = ()

    def scope(self, user: Any) -> Q:
        return case_filter(user, team_field="team", worker_field="recorded_by")

    def may_record_any(self, user: Any) -> bool:
        """Offer the form at all: a manager who audits or moderates, or the QA unit."""
        access = access_for(user)
        return bool(access.perms & {Perm.AUDIT_CASES, Perm.MODERATE, Perm.RUN_QA})

    def may_record(self, user: Any, team_id: int) -> bool:
        access = access_for(user)
        if Perm.RUN_QA in access.perms:
            return True
        in_scope = access.all_teams or team_id in access.team_ids
        return (
            Perm.VIEW_CASES in access.perms
            and in_scope
            and bool(access.perms & {Perm.AUDIT_CASES, Perm.MODERATE})
        )

    def recordable_teams(self, user: Any, teams: QuerySet[Any]) -> QuerySet[Any]:
        """Of `teams`, those this user may record an inquiry for."""
        access = access_for(user)
        if Perm.RUN_QA in access.perms or access.all_teams:
            return teams
        return teams.filter(pk__in=sorted(access.team_ids))


AUDITS = AuditPolicy()
CYCLES = CyclePolicy()
CALENDAR = CalendarEntryPolicy()
SAMPLES = SamplePolicy()
INQUIRIES = InquiryPolicy()
register(AUDITS)
register(CYCLES)
register(CALENDAR)
register(SAMPLES)
register(INQUIRIES)


def record_figures_export(
    user: Any, *, name: str, keys: Iterable[str], fmt: str, child_refs: Iterable[str] = ()
) -> None:
    """A table of audit figures (or of text answers) left Assure as a file.

    The text answers name children: their references go in the trail with it.
    """
    refs = sorted({r for r in child_refs if r})
    trail.record(
        actor=user,
        action=AuditEvent.Action.EXPORT,
        object_type="audits.insight",
        object_id=name,
        summary=f"Downloaded audit figures: {', '.join(keys)} ({fmt})"[:300],
        changes={"child_refs": refs[:500]} if refs else None,
    )
