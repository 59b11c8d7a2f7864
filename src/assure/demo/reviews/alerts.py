"""Practice alerts with their histories: raised, then answered and resolved in
time, or escalated stage by stage the way the scheduled job moves them. Each
alert's events walk the stages it reached, in order."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from assure.org.models import Team, User
from assure.reviews.models import AlertEvent, Meeting, MeetingQA, PracticeAlert
from assure.reviews.stages import TOP_STAGE, due_for, owner_at_or_above

from .texts import RESPONSES


@dataclass
class AlertStory:
    alert: PracticeAlert
    events: list[AlertEvent]


class Alerts:
    """Alert histories for one load: each (team, stage)'s owner is looked up once."""

    def __init__(self, rng: random.Random, now: datetime, teams: dict[int, Team]) -> None:
        self.rng = rng
        self.now = now
        self.teams = teams
        self.owners: dict[tuple[int, int], tuple[int, User | None]] = {}

    def owner(self, team_id: int, stage: int) -> tuple[int, User | None]:
        if (team_id, stage) not in self.owners:
            self.owners[(team_id, stage)] = owner_at_or_above(stage, self.teams[team_id])
        return self.owners[(team_id, stage)]

    def raise_alert(
        self,
        m: Meeting,
        qa: MeetingQA | None,
        *,
        reason: str,
        concern: str,
        raised: datetime,
        raised_by_id: int,
    ) -> AlertStory:
        """An open alert at the first stage that has an owner, due when that stage's time ends."""
        stage, who = self.owner(m.team_id, 1)
        alert = PracticeAlert(
            meeting=m,
            qa=qa,
            team_id=m.team_id,
            practitioner_id=m.practitioner_id,
            raised_by_id=raised_by_id,
            reason=reason,
            concern=concern,
            stage=stage,
            owner=who,
            due=due_for(stage, raised),
            created=raised,
            status=PracticeAlert.Status.OPEN,
        )
        event = AlertEvent(
            at=raised, actor_id=raised_by_id, kind="raised", stage=stage, owner=who, text=concern
        )
        return AlertStory(alert, [event])

    def escalate(self, story: AlertStory, at: datetime) -> None:
        """Up to the next stage that has an owner, with a fresh response time."""
        alert = story.alert
        stage, who = self.owner(alert.team_id, alert.stage + 1)
        alert.stage, alert.owner = stage, who
        alert.due = due_for(stage, at)
        alert.version += 1
        story.events.append(
            AlertEvent(
                at=at,
                actor=None,
                kind="escalated",
                stage=stage,
                owner=who,
                text=f"Not answered in time: escalated to stage {stage}",
            )
        )

    def history(
        self, m: Meeting, qa: MeetingQA | None, reason: str, concern: str, raised: datetime
    ) -> AlertStory:
        """An alert raised by the meeting's chair, and what happened to it until now."""
        rng, now = self.rng, self.now
        story = self.raise_alert(
            m, qa, reason=reason, concern=concern, raised=raised, raised_by_id=m.chair_id
        )
        alert, events = story.alert, story.events
        t = raised
        while True:
            answered_in_time = rng.random() < 0.72
            if answered_in_time:
                at = t + (alert.due - t) * rng.uniform(0.2, 0.9)
                if at >= now:
                    break  # still waiting for a response, in time
                alert.status = PracticeAlert.Status.RESPONDED
                alert.version += 1
                events.append(
                    AlertEvent(
                        at=at,
                        actor=alert.owner,
                        kind="responded",
                        stage=alert.stage,
                        owner=alert.owner,
                        text=rng.choice(RESPONSES),
                    )
                )
                done = at + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 6))
                if done < now and rng.random() < 0.9:
                    alert.status = PracticeAlert.Status.RESOLVED
                    alert.resolved_at = done
                    alert.version += 1
                    events.append(
                        AlertEvent(
                            at=done,
                            actor_id=m.chair_id,
                            kind="resolved",
                            stage=alert.stage,
                            owner=alert.owner,
                            text="The response addresses the concern; resolved.",
                        )
                    )
                break
            # Not answered in time: the scheduled job escalates it a little after the due
            # time (alerts that fell due in the last two days are left overdue, waiting).
            escalate_at = alert.due + timedelta(minutes=rng.choice((5, 10, 15)))
            if alert.stage >= TOP_STAGE or escalate_at >= now - timedelta(days=2):
                break
            self.escalate(story, escalate_at)
            t = escalate_at
        return story
