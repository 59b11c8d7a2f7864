"""A year of QA programmes for the demo county, made through the programmes' services.

One Child Outcome Analysis visit a month (a district each month, led by the
principal social worker, with observations on the COA tool), a thematic audit
each cycle chosen by the Quality Circle (the latest published to staff), two
area learning events, a multi-agency audit with `demo-partner` (a health
partner) and a learning review. Each service call runs with the clock stopped on
the day it happened, so stamps and the story agree. Seeded: the same day gives
the same demo.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from assure.audits.models import add_months
from assure.core import clock
from assure.org.models import District, RoleAssignment, User
from assure.programmes import services
from assure.programmes.models import Observation

PARTNER = "demo-partner"
SETTINGS = ["conference", "home_visit", "supervision", "team_meeting", "cin_meeting"]
THEMES = [
    ("Neglect", "How well do we recognise and respond to cumulative neglect?"),
    ("Voice of the child", "Is the child's lived experience clear in assessments and plans?"),
    ("Step-down", "Are children stepped down to early help safely and at the right time?"),
]
FINDINGS = [
    ("Relationships", "strength", "Practitioners know the children well and visit purposefully."),
    ("Planning", "development", "Plans are not always specific about who does what by when."),
    ("Management oversight", "development", "Supervision records rarely show reflection."),
    ("Voice of the child", "strength", "Children's words are quoted in assessments."),
]


def _partner() -> User:
    found = User.objects.filter(username=PARTNER).first()
    if found is not None:
        return found
    qa = User.objects.get(username="demo-qa")
    partner = User.objects.create(
        username=PARTNER,
        first_name="Pat",
        last_name="Partner",
        job_title="Designated nurse for safeguarding (health)",
        email=f"{PARTNER}@health.example",
        password=qa.password,  # the demo password, already hashed
        is_demo=True,
    )
    RoleAssignment.objects.create(user=partner, role="partner")
    return partner


def _lead() -> User:
    psw = RoleAssignment.objects.filter(role="principal_social_worker").select_related("user")
    first = psw.order_by("pk").first()
    return first.user if first is not None else User.objects.get(username="demo-qa")


def _on(day: date, hour: int = 10) -> Any:
    return clock.frozen(clock.local_moment(day, hour))


def _findings(rng: random.Random, qa: User, programme_id: int, day: date, n: int = 3) -> None:
    with _on(day, 15):
        for theme, kind, text in rng.sample(FINDINGS, n):
            services.programme_finding_add(
                actor=qa, programme_id=programme_id, text_=text, theme=theme, kind=kind
            )
        services.programme_action_add(
            actor=qa,
            programme_id=programme_id,
            description="Share the findings with every team in a practice briefing",
            owner="demo-moderator",
            due_date=day + timedelta(days=42),
        )


def _status(qa: User, programme_id: int, end: date, today: date) -> None:
    with _on(min(end, today), 16):
        services.programme_set_status(
            actor=qa, programme_id=programme_id, status="complete" if end < today else "active"
        )


def _coa_visits(rng: random.Random, qa: User, lead: User, today: date) -> None:
    districts = list(District.objects.order_by("name"))
    for back in range(11, -2, -1):
        month = add_months(date(today.year, today.month, 1), -back)
        start = month + timedelta(days=(7 - month.weekday()) % 7)  # the month's first Monday
        end = start + timedelta(days=4)
        district = districts[(month.year * 12 + month.month) % len(districts)]
        with _on(min(start - timedelta(days=14), today)):
            visit = services.programme_create(
                actor=qa,
                kind="coa",
                title=f"Child Outcome Analysis: {district.name}, {month:%B %Y}",
                starts_on=start,
                ends_on=end,
                district=district.name,
                lead=lead.username,
            )
            services.programme_sample_draw(actor=qa, programme_id=visit.pk, size=6)
        if start > today:
            continue
        _status(qa, visit.pk, end, today)
        cases = list(visit.sampled.values_list("case_id", flat=True))
        for i, setting in enumerate(rng.sample(SETTINGS, 4)):
            day = min(start + timedelta(days=i), today)
            with _on(day, 14):
                obs = services.observation_start(
                    actor=qa,
                    programme_id=visit.pk,
                    setting=setting,
                    observed_on=day,
                    case_id=cases[i] if i < len(cases) else None,
                )
                services.observation_save(
                    actor=qa,
                    observation_id=obs.pk,
                    responses={
                        "child_centred": rng.randint(2, 5),
                        "child_voice": rng.choice(["yes", "yes", "no"]),
                        "family_involved": rng.choice(["yes", "n/a"]),
                        "purpose_clear": "yes",
                        "went_well": "The worker explained the plan in the family's own words.",
                    },
                    complete=day < today,
                )
        if end < today:
            _findings(rng, qa, visit.pk, end)


def _thematic(rng: random.Random, qa: User, lead: User, today: date) -> None:
    for n, (theme, line) in enumerate(THEMES):
        start = add_months(date(today.year, today.month, 1), -4 * (len(THEMES) - n))
        end = add_months(start, 3) - timedelta(days=1)
        with _on(start):
            audit = services.programme_create(
                actor=qa,
                kind="thematic",
                title=f"Thematic audit: {theme}",
                starts_on=start,
                ends_on=end,
                lead=lead.username,
            )
            services.programme_member_add(
                actor=qa, programme_id=audit.pk, username="demo-moderator", role="chair"
            )
            services.programme_line_add(actor=qa, programme_id=audit.pk, text_=line)
            services.programme_sample_draw(actor=qa, programme_id=audit.pk, size=12, seed=n + 1)
        _status(qa, audit.pk, end, today)
        if end < today:
            _findings(rng, qa, audit.pk, end)
            if n == len(THEMES) - 1 or end < today - timedelta(days=60):
                with _on(end + timedelta(days=7)):
                    services.programme_publish(actor=qa, programme_id=audit.pk)


def _others(rng: random.Random, qa: User, lead: User, partner: User, today: date) -> None:
    districts = list(District.objects.order_by("name"))[:2]
    for i, district in enumerate(districts):
        day = today - timedelta(days=200 - 120 * i)
        with _on(day - timedelta(days=30)):
            event = services.programme_create(
                actor=qa,
                kind="learning_event",
                title=f"Area learning event: {district.name}",
                starts_on=day,
                ends_on=day,
                district=district.name,
            )
        _status(qa, event.pk, day, today)
        if day < today:
            _findings(rng, qa, event.pk, day, n=2)
    start = today - timedelta(days=90)
    with _on(start):
        multi = services.programme_create(
            actor=qa,
            kind="multi_agency",
            title="Multi-agency audit: children missing education",
            starts_on=start,
            ends_on=today + timedelta(days=30),
            lead=lead.username,
        )
        services.programme_member_add(
            actor=qa, programme_id=multi.pk, username=partner.username, role="partner"
        )
        services.programme_sample_draw(actor=qa, programme_id=multi.pk, size=8, case_type="cp")
    _status(qa, multi.pk, today + timedelta(days=30), today)
    _findings(rng, qa, multi.pk, today - timedelta(days=10), n=2)
    start = today - timedelta(days=300)
    with _on(start):
        review = services.programme_create(
            actor=qa,
            kind="learning_review",
            title="Child safeguarding practice review: Child L",
            starts_on=start,
            ends_on=today - timedelta(days=60),
            lead=lead.username,
        )
    _status(qa, review.pk, today - timedelta(days=60), today)
    _findings(rng, qa, review.pk, today - timedelta(days=60), n=3)


def programmes_demo_load(*, today: date) -> None:
    """Once per demo (the loader runs it only when the county is new)."""
    if Observation.objects.exists():
        return
    rng = random.Random(f"programmes:{today.isoformat()}")
    qa = User.objects.get(username="demo-qa")
    partner = _partner()
    lead = _lead()
    _coa_visits(rng, qa, lead, today)
    _thematic(rng, qa, lead, today)
    _others(rng, qa, lead, partner, today)
