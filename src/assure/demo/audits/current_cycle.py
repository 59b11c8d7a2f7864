"""The cycle under way, through the services: month 1 allocated and in progress
(the demo auditor has audits waiting and some submitted for the demo
moderator), and month 3's sample drawn early for the QA unit to review."""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta

from assure.audits import sampling, services
from assure.audits.models import Audit, CalendarEntry, Cycle
from assure.core import clock
from assure.core.errors import InvalidInput

from .answers import demo_responses
from .common import DEMO_AUDITOR_SHARE_NOW, DEMO_AUDITOR_SUBMITTED, RANKED, cycle_number
from .county import County, allocation, grades
from .notes import ACTIONS


def current_cycle(county: County, *, start: date, today: date, per_round: int) -> Cycle:
    rng = county.rng
    qa = county.demo["demo-qa"]
    cycle = services.cycle_create(
        actor=qa, year=start.year, number=cycle_number(start), starts_on=start
    )
    month = cycle.calendar.get(kind=CalendarEntry.Kind.AUDIT, round=1)
    if (month.ends_on - today).days < 10:  # give the month's audits time still to run
        services.calendar_entry_save(
            actor=qa,
            entry=month,
            values={
                "starts_on": month.starts_on,
                "ends_on": today + timedelta(days=14),
                "notes": "Extended by two weeks: the month's audits started late.",
            },
        )
        month.refresh_from_db()
    # A seed whose draw includes one of the demo practitioner's cases, so that they
    # see an audit of their own work under way.
    practitioner = county.demo["demo-practitioner"]
    own = {c.pk for c in county.cases if c.worker_id == practitioner.pk and c.closed_on is None}
    eligible = services.eligible_cases(on=start, exclude_months=6)
    seed = rng.randrange(10**9)
    for attempt in range(200):
        draws = sampling.draw_sample(
            eligible, target=per_round, min_per_team=1, seed=seed + attempt
        )
        if any(d.case_id in own for d in draws):
            seed += attempt
            break
    sample = services.sample_draw(
        actor=qa, cycle=cycle, round=1, target=per_round, seed=seed, on=start
    )
    items = list(sample.items.all())
    auditors = allocation(county, items, DEMO_AUDITOR_SHARE_NOW)
    audits = services.sample_allocate(actor=qa, sample=sample, auditors=auditors)
    _progress(county, audits, today=today)
    # Month 3's sample, drawn early for the QA unit to review; one case already swapped.
    second = services.sample_draw(
        actor=qa,
        cycle=cycle,
        round=2,
        target=per_round,
        seed=rng.randrange(10**9),
        on=cycle.calendar.get(kind=CalendarEntry.Kind.AUDIT, round=2).starts_on,
    )
    first_item = second.items.order_by("pk").first()
    if first_item is not None:
        with suppress(InvalidInput):  # no other eligible case in that team: no swap
            services.sample_swap(
                actor=qa,
                item=first_item,
                reason="The family is moving out of the county; the case transfers next month.",
            )
    return cycle


def _progress(county: County, audits: list[Audit], *, today: date) -> None:
    """Month 1 under way: some audits untouched, some drafted, some submitted."""
    rng = county.rng
    demo_auditor = county.demo["demo-auditor"]
    practitioner = county.demo["demo-practitioner"]
    action_due = max(today, clock.today()) + timedelta(days=21)
    # The practitioner's case first (drafted), the auditor's own team's cases last (submitted).
    mine = sorted(
        (a for a in audits if a.auditor_id == demo_auditor.pk),
        key=lambda a: (
            a.practitioner_id != practitioner.pk,
            a.team_id == demo_auditor.team_id,
            a.pk,
        ),
    )
    # The demo auditor: the practitioner's case and one more drafted, some submitted,
    # and at least a dozen still waiting.
    submit_n = min(DEMO_AUDITOR_SUBMITTED, max(0, len(mine) - 13))
    plan: dict[int, str] = {a.pk: "allocated" for a in mine}
    for a in mine[:2]:
        plan[a.pk] = "draft"
    for a in mine[len(mine) - submit_n :]:
        plan[a.pk] = "submit"
    for a in audits:
        if a.pk not in plan:
            roll = rng.random()
            plan[a.pk] = "allocated" if roll < 0.35 else "draft" if roll < 0.7 else "submit"
    for audit in sorted(audits, key=lambda a: a.pk):
        step = plan[audit.pk]
        if step == "allocated":
            continue
        tool = audit.tool.parsed
        merit, given = grades(county, audit.team_id, audit.auditor_id, 0.1)
        if step == "draft":
            part = rng.randint(1, len(tool.sections) - 1)
            answers = demo_responses(rng, tool, merit, sections=part)
        else:
            answers = demo_responses(rng, tool, merit)
        saved = services.audit_save_draft(
            actor=audit.auditor, audit_id=audit.pk, version=audit.version, responses=answers
        )
        is_own_case = audit.practitioner_id == practitioner.pk
        if is_own_case or (audit.practitioner is not None and rng.random() < 0.25):
            owner = audit.practitioner
            assert owner is not None
            services.audit_action_add(
                actor=audit.auditor,
                audit_id=audit.pk,
                description=rng.choice(ACTIONS),
                owner=owner,
                due_date=action_due,
            )
            saved.refresh_from_db(fields=["version"])
        if step == "submit":
            services.audit_submit(
                actor=audit.auditor,
                audit_id=audit.pk,
                version=saved.version,
                grade=RANKED[given - 1],
            )
