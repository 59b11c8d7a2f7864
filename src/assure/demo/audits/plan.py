"""One finalised audit of the history, planned step by step: drafts, actions,
submission (some late), moderation and finalising."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from assure.audits import jobs
from assure.audits.models import Audit, Cycle, Moderation, SampleItem
from assure.core.working_days import add_working_days
from assure.org.models import User

from .actions import ActionPlan, action_story
from .answers import demo_responses
from .common import RANKED, CycleMonths, later, some_day, when, working_on_or_after
from .county import CaseRow, County, grades
from .notes import CHALLENGES, MODERATION_NOTES, REASONS_DOWN, REASONS_UP


@dataclass
class AuditPlan:
    audit: Audit
    ref: str
    allocator: User
    drafts: list[tuple[datetime, list[str]]]
    moderated_at: datetime
    moderation: Moderation
    actions: list[ActionPlan] = field(default_factory=list)


def plan_audit(
    county: County,
    *,
    cycle: Cycle,
    months: CycleMonths,
    rnd: int,
    item: SampleItem,
    case: CaseRow,
    auditor: User,
    allocator: User,
    trend: float,
) -> AuditPlan:
    rng = county.rng
    audit_month, moderation_month = months.audit(rnd), months.moderation(rnd)
    start, due = audit_month.starts_on, audit_month.ends_on
    moderation_due = moderation_month.ends_on
    team = county.teams[item.team_id]
    tool = county.tools[team.pk]
    merit, given = grades(county, team.pk, auditor.pk, trend)
    practitioner = county.users.get(case.worker_id) if case.worker_id else None
    moderator = county.moderator_of[team.pk]
    audit = Audit(
        cycle=cycle,
        round=rnd,
        sample_item=item,
        case_id=case.pk,
        team=team,
        tool=tool,
        auditor=auditor,
        practitioner=practitioner,
        moderator=moderator,
        status=Audit.Status.FINALISED,
        responses=demo_responses(rng, tool.parsed, merit),
        auditor_grade=RANKED[given - 1],
        due_date=due,
        moderation_due=moderation_due,
        allocated_at=when(start, 9, rng.randint(0, 30)),
    )
    # Auditing: one or two drafts, then the submission (about one in eight late).
    keys = list(audit.responses)
    first = later(
        rng,
        audit.allocated_at,
        some_day(rng, start + timedelta(days=2), due - timedelta(days=8)),
    )
    if rng.random() < 0.12:
        submit_day = working_on_or_after(due + timedelta(days=rng.randint(1, 12)))
    else:
        submit_day = some_day(rng, first.date() + timedelta(days=1), due)
    drafts = [(first, sorted(keys))]
    if rng.random() < 0.6:
        cut = rng.randint(len(keys) // 3, len(keys) - 1)
        second = later(rng, first, some_day(rng, first.date(), submit_day))
        drafts = [(first, sorted(keys[:cut])), (second, sorted(keys[cut:]))]
    # The auditor's actions, set while auditing (more where practice is weaker).
    owner = practitioner or auditor
    stories: list[ActionPlan] = []
    at = drafts[-1][0]
    weights = {4: [5, 5, 0, 0], 3: [25, 55, 20, 0], 2: [0, 50, 40, 10], 1: [0, 20, 50, 30]}[merit]
    for _ in range(rng.choices(range(4), weights)[0]):
        at = at + timedelta(minutes=rng.randint(2, 25))
        stories.append(
            action_story(
                county,
                team_id=team.pk,
                ref=case.ref,
                creator=auditor,
                owner=owner if rng.random() < 0.8 else auditor,
                created=at,
                phase="audit",
            )
        )
    submitted = later(rng, at, submit_day)
    audit.submitted_at = submitted
    if submitted.date() > due:  # the hourly reminder job would have noticed
        audit.reminded_at = when(due + timedelta(days=1), 8)
        overdue = add_working_days(due, jobs.ESCALATE_AFTER_WORKING_DAYS)
        escalate = when(overdue + timedelta(days=1), 8)
        if submitted > escalate:
            audit.escalated_at = escalate
    # Moderation: a meeting in the moderation month, then finalising within days.
    meeting = some_day(
        rng,
        max(moderation_month.starts_on, submitted.date() + timedelta(days=2)),
        moderation_due - timedelta(days=3),
    )
    moderated_at = later(rng, submitted, meeting)
    actor = moderator
    if moderator is None or rng.random() < 0.15:
        actor = rng.choice(county.qa)  # the QA unit moderates some itself
    assert actor is not None
    if audit.moderator is None:
        audit.moderator = actor
    if merit != given:
        decision = Moderation.Decision.CHANGE
        reason = rng.choice(REASONS_DOWN if given > merit else REASONS_UP)
    elif rng.random() < 0.15:
        decision, reason = Moderation.Decision.CHALLENGE, rng.choice(CHALLENGES)
    else:
        decision, reason = Moderation.Decision.AGREE, ""
    audit.moderated_grade = audit.final_grade = RANKED[merit - 1]
    moderation = Moderation(
        audit=audit,
        moderator=actor,
        meeting_date=meeting,
        decision=decision,
        grade=audit.moderated_grade,
        reason=reason,
        notes=rng.choice(MODERATION_NOTES),
        recorded_at=moderated_at,
    )
    last = moderated_at
    if rng.random() < (0.35 if decision == Moderation.Decision.CHANGE or merit <= 2 else 0.1):
        last = moderated_at + timedelta(minutes=rng.randint(5, 40))
        stories.append(
            action_story(
                county,
                team_id=team.pk,
                ref=case.ref,
                creator=actor,
                owner=owner,
                created=last,
                phase="moderation",
            )
        )
    finalise_day = min(some_day(rng, last.date(), last.date() + timedelta(days=4)), moderation_due)
    audit.finalised_at = later(rng, last, max(finalise_day, last.date()))
    # Every step bumped the version: drafts, submission, actions, moderation, finalising.
    audit.version = 1 + len(drafts) + 1 + len(stories) + 1 + 1
    return AuditPlan(
        audit=audit,
        ref=case.ref,
        allocator=allocator,
        drafts=drafts,
        moderated_at=moderated_at,
        moderation=moderation,
        actions=stories,
    )
