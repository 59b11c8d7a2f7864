"""The county as the audit history sees it: teams and their tools, people, open
cases, each team's quality of practice and each auditor's leaning."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime

from assure.audits import services
from assure.audits.models import SampleItem
from assure.instruments.models import Tool
from assure.org.models import Case, Team, User
from assure.org.selectors import service_managers_of

from .common import DEMO_TEAM


@dataclass(frozen=True)
class CaseRow:
    pk: int
    team_id: int
    worker_id: int | None
    opened_on: date
    closed_on: date | None
    ref: str


@dataclass
class County:
    rng: random.Random
    cutoff: datetime
    teams: dict[int, Team]
    tools: dict[int, Tool]
    moderator_of: dict[int, User | None]
    users: dict[int, User]
    qa: list[User]
    demo: dict[str, User]
    cases: list[CaseRow]
    quality: dict[int, float]
    bias: dict[int, tuple[float, float]]  # auditor: (chance graded up, chance graded down)
    last_audited: dict[int, date] = field(default_factory=dict)

    @property
    def demo_team(self) -> Team:
        return next(t for t in self.teams.values() if t.name == DEMO_TEAM)

    def shared_teams(self) -> list[int]:
        """Teams whose moderator is the demo moderator's: the demo team's first."""
        moderator = self.demo.get("demo-moderator")
        own = self.demo_team.pk
        others = sorted(
            t
            for t, m in self.moderator_of.items()
            if m is not None and moderator is not None and m.pk == moderator.pk and t != own
        )
        return [own, *others]

    def manager_of(self, user: User) -> User | None:
        manager = self.users.get(user.line_manager_id) if user.line_manager_id else None
        if manager is None and user.team_id in self.teams:
            manager = self.teams[user.team_id].manager
        return manager if manager is not None and manager.pk != user.pk else None


def load_county(rng: random.Random, cutoff: datetime) -> County:
    teams = {
        t.pk: t
        for t in Team.objects.select_related("service", "district__area", "manager").filter(
            service__kind__in=services.AUDITED_SERVICES, manager__isnull=False
        )
    }
    users = {u.pk: u for u in User.objects.all()}
    qa = list(
        User.objects.filter(
            role_assignments__role__in=["qa_pdm", "qa_sso", "qa_manager"], is_active=True
        )
        .distinct()
        .order_by("pk")
    )
    demo = {u.username: u for u in users.values() if u.username.startswith("demo-")}
    cases = [
        CaseRow(*row)
        for row in Case.objects.filter(team_id__in=list(teams))
        .order_by("pk")
        .values_list(
            "pk", "team_id", "allocated_worker_id", "opened_on", "closed_on", "child__reference"
        )
    ]
    auditors = sorted({t.manager_id for t in teams.values() if t.manager_id})
    demo_auditor = demo.get("demo-auditor")
    others = [a for a in auditors if demo_auditor is None or a != demo_auditor.pk]
    picked = rng.sample(others, min(len(others), 7))
    bias: dict[int, tuple[float, float]] = {a: (0.07, 0.05) for a in auditors}
    for a in picked[:4]:
        bias[a] = (0.42, 0.03)  # generous: moderation often brings the grade down
    for a in picked[4:]:
        bias[a] = (0.03, 0.38)  # harsh: moderation often lifts the grade
    if demo_auditor is not None:
        # The demo's drifting auditor: generous often enough that moderation's pull
        # down shows on any day the demo is loaded, not only on a lucky draw.
        bias[demo_auditor.pk] = (0.6, 0.02)
    return County(
        rng=rng,
        cutoff=cutoff,
        teams=teams,
        tools={pk: services.tool_for_team(t) for pk, t in teams.items()},
        moderator_of={pk: next(iter(service_managers_of(t)), None) for pk, t in teams.items()},
        users=users,
        qa=qa or [demo["demo-qa"]],
        demo=demo,
        cases=cases,
        quality={pk: rng.gauss(0, 0.35) for pk in teams},
        bias=bias,
    )


def grades(county: County, team_id: int, auditor_id: int, trend: float) -> tuple[int, int]:
    """(what the practice merits, what the auditor gives), as ranks 1 to 4."""
    rng = county.rng
    merit = round(2.7 + county.quality[team_id] + trend + rng.gauss(0, 0.7))
    merit = max(1, min(4, merit))
    up, down = county.bias.get(auditor_id, (0.07, 0.05))
    roll = rng.random()
    given = merit
    if roll < up:
        # A generous auditor calls good practice outstanding; where the practice is
        # already outstanding, the generosity lies in what came before (the practice
        # merits good). Either way moderation brings the grade down.
        merit = min(merit, 3)
        given = merit + 1
    elif up <= roll < up + down and merit > 1:
        given = merit - 1
    return merit, given


def allocation(county: County, items: list[SampleItem], share: int) -> dict[int, User]:
    """Auditors for a sample's items: each team's manager, with the demo auditor taking up to
    `share` cases of the teams the demo moderator covers (own team first)."""
    demo_auditor = county.demo.get("demo-auditor")
    chosen: dict[int, User] = {}
    if demo_auditor is not None:
        by_team: dict[int, list[SampleItem]] = {}
        for item in items:
            by_team.setdefault(item.team_id, []).append(item)
        order = [by_team.get(t, []) for t in county.shared_teams()]
        queue = list(order[0]) if order else []
        for round_robin in range(max((len(o) for o in order), default=0)):
            queue += [o[round_robin] for o in order[1:] if len(o) > round_robin]
        for item in queue[:share]:
            chosen[item.pk] = demo_auditor
    return chosen
