"""Finalised cycles written in bulk: both rounds sampled, allocated, audited,
moderated and finalised, with their actions, action checks and each team's
appreciative inquiry, every row in a state the services could have produced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from assure.actions.models import Action, ActionUpdate
from assure.audits import sampling, services
from assure.audits.models import (
    ActionCheck,
    AppreciativeInquiry,
    Audit,
    AuditChange,
    Cycle,
    Moderation,
    Sample,
    SampleItem,
    add_months,
)
from assure.core.models import AuditEvent
from assure.instruments.registry import tool_current
from assure.org.models import User

from ..bulk import bulk, timestamps_as_given
from .actions import action_check
from .answers import inquiry_responses
from .common import (
    DEMO_AUDITOR_SHARE_PAST,
    HISTORICAL_FIELDS,
    CycleMonths,
    cycle_number,
    event,
    some_day,
    when,
    working_on_or_after,
)
from .county import County, allocation
from .plan import AuditPlan, plan_audit
from .rows import Rows


@dataclass
class _Round:
    sample: Sample
    items: list[SampleItem]
    allocator: User
    allocated_at: datetime


def _inquiries(
    county: County, cycle: Cycle, months: CycleMonths, plans: list[AuditPlan], rows: Rows
) -> None:
    """Each team's appreciative inquiry late in the first moderation month, drawing on its
    finalised audits; and some group supervisions with the same tool in the second."""
    rng = county.rng
    tool = tool_current("appreciative_inquiry")
    by_team: dict[int, list[AuditPlan]] = {}
    for plan in plans:
        by_team.setdefault(plan.audit.team_id, []).append(plan)
    demo_team = county.demo_team.pk
    made: list[tuple[AppreciativeInquiry, list[int]]] = []
    for team in county.teams.values():
        assert team.manager is not None
        sessions = [(AppreciativeInquiry.Kind.TEAM, months.moderation(1))]
        if team.pk == demo_team or rng.random() < 0.15:
            sessions.append((AppreciativeInquiry.Kind.GROUP_SUPERVISION, months.moderation(2)))
        for kind, month in sessions:
            end = month.ends_on
            day = some_day(rng, end - timedelta(days=12), end - timedelta(days=2))
            at = when(day, rng.randint(13, 16), rng.randint(0, 59))
            linked = [
                p.audit.pk
                for p in by_team.get(team.pk, [])
                if p.audit.finalised_at is not None and p.audit.finalised_at <= at
            ]
            inquiry = AppreciativeInquiry(
                team=team,
                cycle=cycle,
                kind=kind,
                tool=tool,
                responses=inquiry_responses(rng, day),
                recorded_by=team.manager,
                recorded_at=at,
            )
            made.append((inquiry, linked))
    bulk(AppreciativeInquiry, [i for i, _ in made])
    through = AppreciativeInquiry.audits.through
    bulk(
        through,
        [
            through(appreciativeinquiry_id=i.pk, audit_id=a)  # type: ignore[misc]
            for i, linked in made
            for a in linked
        ],
        batch=1000,
    )
    rows.events += [
        event(
            i.recorded_by,
            i.recorded_at,
            AuditEvent.Action.CREATE,
            i,
            f"Recorded {i.get_kind_display().lower()} for {i.team}",
        )
        for i, _ in made
    ]


def past_cycles(county: County, starts: list[date], per_round: int) -> int:
    """Finalised cycles starting on each of `starts`. Returns how many audits they hold."""
    rng = county.rng
    rows = Rows()
    case_of = {c.pk: c for c in county.cases}
    ordered = sorted(starts)
    all_plans: list[AuditPlan] = []
    with timestamps_as_given(*HISTORICAL_FIELDS):
        for k, start in enumerate(ordered):
            qa = rng.choice(county.qa)
            cycle = Cycle.objects.create(
                year=start.year, number=cycle_number(start), starts_on=start
            )
            months = CycleMonths.of(services.cycle_calendar_create(cycle))
            rows.events.append(
                event(
                    qa,
                    when(working_on_or_after(start - timedelta(days=40)), 10),
                    AuditEvent.Action.CREATE,
                    cycle,
                    f"Created the audit cycle {cycle.label}",
                )
            )
            trend = 0.1 * (k - len(ordered) + 1)  # practice improves a little each cycle
            plans: list[AuditPlan] = []
            rounds: list[_Round] = []
            for rnd in (1, 2):
                month_start = months.audit(rnd).starts_on
                drawn = when(working_on_or_after(month_start - timedelta(days=8)), 11)
                since = add_months(month_start, -6)
                eligible = [
                    (c.pk, c.team_id)
                    for c in county.cases
                    if c.opened_on < drawn.date()
                    and (c.closed_on is None or c.closed_on > month_start)
                    and county.last_audited.get(c.pk, date.min) < since
                ]
                seed = rng.randrange(10**9)
                draws = sampling.draw_sample(eligible, target=per_round, min_per_team=1, seed=seed)
                sample = Sample.objects.create(
                    cycle=cycle,
                    round=rnd,
                    seed=seed,
                    target_size=per_round,
                    min_per_team=1,
                    exclude_months=6,
                    eligible_cases=len(eligible),
                    drawn_at=drawn,
                    drawn_by=qa,
                    status=Sample.Status.ALLOCATED,
                )
                items = bulk(
                    SampleItem,
                    [
                        SampleItem(
                            sample=sample,
                            case_id=d.case_id,
                            team_id=d.team_id,
                            stratum_size=d.stratum_size,
                            stratum_quota=d.stratum_quota,
                            draw=d.draw,
                        )
                        for d in draws
                    ],
                    batch=1000,
                )
                rounds.append(_Round(sample, items, qa, when(month_start, 9)))
                auditors = allocation(county, items, DEMO_AUDITOR_SHARE_PAST)
                for item in items:
                    county.last_audited[item.case_id] = month_start
                    manager = county.teams[item.team_id].manager
                    assert manager is not None
                    plans.append(
                        plan_audit(
                            county,
                            cycle=cycle,
                            months=months,
                            rnd=rnd,
                            item=item,
                            case=case_of[item.case_id],
                            auditor=auditors.get(item.pk) or manager,
                            allocator=qa,
                            trend=trend,
                        )
                    )
            bulk(Audit, [p.audit for p in plans])
            stories = [(p, s) for p in plans for s in p.actions]
            for p, s in stories:
                s.action.source_id = str(p.audit.pk)
            bulk(Action, [s.action for _, s in stories])
            bulk(Moderation, [p.moderation for p in plans])
            checks = []
            for p in plans:
                for s in p.actions:
                    if s.phase == "audit":
                        check = action_check(s, p.moderated_at, rng)
                        check.moderation = p.moderation
                        checks.append(check)
            bulk(ActionCheck, checks)
            for r in rounds:
                label = f"{cycle.label} round {r.sample.round}"
                rows.events.append(
                    event(
                        r.allocator,
                        r.sample.drawn_at,
                        AuditEvent.Action.CREATE,
                        r.sample,
                        f"Drew {len(r.items)} cases for {label}",
                        changes={
                            "seed": r.sample.seed,
                            "target": r.sample.target_size,
                            "min_per_team": 1,
                            "exclude_months": 6,
                            "eligible": r.sample.eligible_cases,
                        },
                    )
                )
                rows.events.append(
                    event(
                        r.allocator,
                        r.allocated_at,
                        AuditEvent.Action.CREATE,
                        r.sample,
                        f"Allocated {len(r.items)} audits for {cycle.label}",
                    )
                )
            for p in plans:
                rows.audit_history(p)
            _inquiries(county, cycle, months, [p for p in plans if p.audit.round == 1], rows)
            all_plans += plans
        bulk(AuditChange, rows.changes, batch=1000)
        bulk(ActionUpdate, rows.updates, batch=1000)
        bulk(AuditEvent, sorted(rows.events, key=lambda e: e.at), batch=1000)
    return len(all_plans)
