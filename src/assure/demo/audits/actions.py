"""An action's story: raised during an audit or after moderation, then worked,
done, cancelled or left to run late (reminded, escalated to a manager)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from assure.actions import services as action_services
from assure.actions.models import Action
from assure.audits.models import ActionCheck
from assure.core.working_days import add_working_days
from assure.org.models import User

from .common import later, when, working_on_or_after
from .county import County
from .notes import ACTIONS, CANCEL_NOTES, CHECK_NOTES, DONE_NOTES, EVIDENCE


@dataclass
class ActionPlan:
    action: Action
    creator: User
    phase: str  # "audit" while auditing, "moderation" after the meeting
    steps: list[tuple[datetime, User, str, str, str]]  # at, actor, kind, new status, text
    reminded: datetime | None = None
    escalated: tuple[datetime, User] | None = None

    def state_at(self, moment: datetime) -> str:
        state: str = Action.Status.OPEN
        for at, _, kind, new, _ in self.steps:
            if kind == "status" and at <= moment:
                state = new
        return state


def action_story(
    county: County,
    *,
    team_id: int,
    ref: str,
    creator: User,
    owner: User,
    created: datetime,
    phase: str,
) -> ActionPlan:
    rng = county.rng
    due = working_on_or_after(created.date() + timedelta(days=rng.randint(20, 42)))
    action = Action(
        description=rng.choice(ACTIONS),
        owner=owner,
        created_by=creator,
        created=created,
        due_date=due,
        source_type="audit",
        team=county.teams[team_id],
        child_ref=ref,
    )
    steps: list[tuple[datetime, User, str, str, str]] = []
    at = created

    def step(days: int, actor: User, kind: str, status: str = "", text: str = "") -> None:
        nonlocal at
        at = later(rng, at, working_on_or_after(created.date() + timedelta(days=days)))
        steps.append((at, actor, kind, status, text))

    fate = rng.random()
    if fate < 0.03:
        step(
            rng.randint(7, 30), creator, "status", Action.Status.CANCELLED, rng.choice(CANCEL_NOTES)
        )
    elif fate < 0.85:
        finish = rng.randint(7, 55)
        if rng.random() < 0.7:
            step(rng.randint(2, max(2, finish - 3)), owner, "status", Action.Status.IN_PROGRESS)
        if rng.random() < 0.6:
            step(finish - 1, owner, "evidence", text=rng.choice(EVIDENCE))
        step(finish, owner, "status", Action.Status.DONE, rng.choice(DONE_NOTES))
    elif rng.random() < 0.5:
        step(rng.randint(5, 20), owner, "status", Action.Status.IN_PROGRESS)
    story = ActionPlan(
        action=action,
        creator=creator,
        phase=phase,
        steps=[s for s in steps if s[0] <= county.cutoff],
    )
    action.status = story.state_at(county.cutoff)
    action.version = 1 + len(story.steps)  # every step bumps it; reminders do not
    done = [s[0] for s in story.steps if s[3] == Action.Status.DONE]
    action.completed_at = done[0] if done and action.status == Action.Status.DONE else None

    def outstanding_at(moment: datetime) -> bool:
        return story.state_at(moment) in Action.OUTSTANDING

    reminder = when(due + timedelta(days=1), 8)
    if reminder <= county.cutoff and outstanding_at(reminder):
        story.reminded = action.reminded_at = reminder
        # As actions_send_reminders decides: the working days, and at least a week.
        overdue = add_working_days(due, action_services.ESCALATE_AFTER_WORKING_DAYS)
        escalation = when(max(overdue, due + timedelta(days=7)), 8, 5)
        manager = county.manager_of(owner)
        if escalation <= county.cutoff and outstanding_at(escalation) and manager is not None:
            story.escalated = (escalation, manager)
            action.escalated_at = escalation
    return story


def action_check(story: ActionPlan, meeting: datetime, rng: random.Random) -> ActionCheck:
    state = story.state_at(meeting)
    outcomes: dict[str, ActionCheck.Outcome] = {
        Action.Status.DONE: ActionCheck.Outcome.DONE,
        Action.Status.IN_PROGRESS: ActionCheck.Outcome.PARTLY,
    }
    outcome = outcomes.get(state, ActionCheck.Outcome.NOT_DONE)
    note = rng.choice(CHECK_NOTES[outcome])
    if state == Action.Status.CANCELLED:
        note = "Cancelled before the meeting: no longer needed."
    return ActionCheck(action=story.action, outcome=outcome, note=note)
