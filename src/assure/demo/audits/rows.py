"""The history rows of a planned audit: its AuditChange steps, its actions'
updates, and a trail event for every change, as the services would have
written them at the time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from assure.actions.models import Action, ActionUpdate
from assure.actions.services import day_label
from assure.audits.models import Audit, AuditChange
from assure.core.models import AuditEvent
from assure.org.models import User

from .actions import ActionPlan
from .common import event
from .plan import AuditPlan


@dataclass
class Rows:
    changes: list[AuditChange] = field(default_factory=list)
    updates: list[ActionUpdate] = field(default_factory=list)
    events: list[AuditEvent] = field(default_factory=list)

    def audit_step(
        self,
        plan: AuditPlan,
        at: datetime,
        actor: User,
        kind: str,
        before: str,
        after: str,
        **detail: Any,
    ) -> None:
        self.changes.append(
            AuditChange(
                audit=plan.audit,
                at=at,
                actor=actor,
                kind=kind,
                from_status=before,
                to_status=after,
                detail=detail,
            )
        )
        if kind != "allocated":  # allocation is one trail event for the whole sample
            self.events.append(
                event(
                    actor,
                    at,
                    AuditEvent.Action.UPDATE,
                    plan.audit,
                    f"Audit {plan.audit.pk}: {kind.replace('_', ' ')}",
                    child_ref=plan.ref,
                    changes=detail,
                )
            )

    def action_history(self, story: ActionPlan, ref: str, audit_id: int) -> None:
        a = story.action
        update = AuditEvent.Action.UPDATE
        self.updates.append(
            ActionUpdate(
                action=a,
                at=a.created,
                actor=story.creator,
                kind=ActionUpdate.Kind.CREATED,
                to_value=f"for {a.owner}, due {day_label(a.due_date)}",
            )
        )
        self.events.append(
            event(
                story.creator,
                a.created,
                AuditEvent.Action.CREATE,
                a,
                f"Raised action {a.pk} for {a.owner.username}",
                child_ref=ref,
                changes={
                    "owner": a.owner.username,
                    "due_date": a.due_date.isoformat(),
                    "source": f"audit:{audit_id}",
                    "team": str(a.team),
                },
            )
        )
        timeline: list[tuple[datetime, User | None, str, str, str]] = list(story.steps)
        if story.reminded:
            timeline.append((story.reminded, None, "reminded", "", ""))
        if story.escalated:
            timeline.append((story.escalated[0], story.escalated[1], "escalated", "", ""))
        status = Action.Status.OPEN
        for at, actor, kind, new, text in sorted(timeline, key=lambda s: s[0]):
            if kind == "status":
                old_label, new_label = status.label, Action.Status(new).label
                self.updates.append(
                    ActionUpdate(
                        action=a,
                        at=at,
                        actor=actor,
                        kind=ActionUpdate.Kind.STATUS,
                        from_value=old_label,
                        to_value=new_label,
                        text=text,
                    )
                )
                self.events.append(
                    event(
                        actor,
                        at,
                        update,
                        a,
                        f"Action {a.pk}: {old_label.lower()} to {new_label.lower()}",
                        child_ref=ref,
                        changes={"status": [status.value, new]},
                    )
                )
                status = Action.Status(new)
            elif kind == "evidence":
                self.updates.append(
                    ActionUpdate(
                        action=a, at=at, actor=actor, kind=ActionUpdate.Kind.EVIDENCE, text=text
                    )
                )
                self.events.append(
                    event(
                        actor,
                        at,
                        update,
                        a,
                        f"Added evidence to action {a.pk}",
                        child_ref=ref,
                        changes={"evidence": len(text)},
                    )
                )
            elif kind == "reminded":
                self.updates.append(
                    ActionUpdate(
                        action=a, at=at, kind=ActionUpdate.Kind.REMINDED, to_value=str(a.owner)
                    )
                )
                self.events.append(
                    event(None, at, update, a, f"Reminded owner of action {a.pk}", child_ref=ref)
                )
            else:  # escalated: `actor` is the manager told, not someone acting
                assert actor is not None
                self.updates.append(
                    ActionUpdate(
                        action=a, at=at, kind=ActionUpdate.Kind.ESCALATED, to_value=str(actor)
                    )
                )
                self.events.append(
                    event(
                        None,
                        at,
                        update,
                        a,
                        f"Told {actor.username} that action {a.pk} is overdue",
                        child_ref=ref,
                    )
                )

    def audit_history(self, plan: AuditPlan) -> None:
        audit, m = plan.audit, plan.moderation
        assert audit.submitted_at is not None and audit.finalised_at is not None
        self.audit_step(
            plan,
            audit.allocated_at,
            plan.allocator,
            "allocated",
            "",
            Audit.Status.ALLOCATED,
            auditor=audit.auditor.username,
        )
        status: str = Audit.Status.ALLOCATED
        for at, keys in plan.drafts:
            self.audit_step(
                plan, at, audit.auditor, "draft_saved", status, "in_progress", questions=keys
            )
            status = Audit.Status.IN_PROGRESS

        def actions_added(phase: str, status: str) -> None:
            for story in plan.actions:
                if story.phase == phase:
                    self.audit_step(
                        plan,
                        story.action.created,
                        story.creator,
                        "action_added",
                        status,
                        status,
                        action=story.action.pk,
                        owner=story.action.owner.username,
                    )

        actions_added("audit", status)
        self.audit_step(
            plan,
            audit.submitted_at,
            audit.auditor,
            "submitted",
            status,
            Audit.Status.SUBMITTED,
            grade=audit.auditor_grade,
        )
        self.audit_step(
            plan,
            plan.moderated_at,
            m.moderator,
            "moderated",
            Audit.Status.SUBMITTED,
            Audit.Status.IN_MODERATION,
            decision=m.decision,
            auditor_grade=audit.auditor_grade,
            moderated_grade=m.grade,
            reason=m.reason,
        )
        actions_added("moderation", Audit.Status.IN_MODERATION)
        self.audit_step(
            plan,
            audit.finalised_at,
            m.moderator,
            "finalised",
            Audit.Status.IN_MODERATION,
            Audit.Status.FINALISED,
            final_grade=audit.final_grade,
        )
        for story in plan.actions:
            self.action_history(story, plan.ref, audit.pk)
