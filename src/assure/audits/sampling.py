"""Drawing the audit sample: stratified by team, proportional, reproducible.

Each team is a stratum. Every team gets at least `min_per_team` cases (or all
it has), and the rest of the target is shared in proportion to each team's
eligible open caseload by the largest-remainder method. Within a team the
cases are drawn by a random generator seeded from the sample's seed and the
team, so the same seed and the same eligible cases always give the same
sample, and one team's draw does not depend on another's.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Draw:
    case_id: int
    team_id: int
    stratum_size: int
    stratum_quota: int
    draw: int  # 1-based position in the team's draw


def quotas(sizes: dict[int, int], *, target: int, min_per_team: int) -> dict[int, int]:
    """How many cases each team gives. The total is max(target, sum of minimums).

    Shares are proportional to caseload; a team whose share falls below the
    minimum (or above what it has) is fixed there and the rest re-shared among
    the others, until every share is within bounds; whole numbers then come
    from the largest remainders.
    """
    low = {t: min(min_per_team, n) for t, n in sizes.items()}
    total = max(sum(low.values()), min(target, sum(sizes.values())))
    fixed: dict[int, int] = {}
    free = set(sizes)
    while free:
        left = total - sum(fixed.values())
        weight = sum(sizes[t] for t in free)
        share = {t: (left * sizes[t] / weight if weight else 0.0) for t in free}
        below = {t for t in free if share[t] < low[t]}
        above = {t for t in free if share[t] > sizes[t]}
        if not below and not above:
            break
        for t in below:
            fixed[t] = low[t]
        for t in above:
            fixed[t] = sizes[t]
        free -= below | above
    left = total - sum(fixed.values())
    weight = sum(sizes[t] for t in free)
    share = {t: (left * sizes[t] / weight if weight else 0.0) for t in free}
    result = {**fixed, **{t: int(share[t]) for t in free}}
    spare = total - sum(result.values())
    # Largest remainders first; ties broken by team id so the result is stable.
    for t in sorted(free, key=lambda t: (-(share[t] - int(share[t])), t)):
        if spare <= 0:
            break
        if result[t] < sizes[t]:
            result[t] += 1
            spare -= 1
    return result


def draw_sample(
    eligible: Iterable[tuple[int, int]], *, target: int, min_per_team: int, seed: int
) -> list[Draw]:
    """`eligible` is (case id, team id) pairs; returns the drawn cases with their reasons."""
    by_team: dict[int, list[int]] = defaultdict(list)
    for case_id, team_id in eligible:
        by_team[team_id].append(case_id)
    sizes = {team: len(cases) for team, cases in by_team.items()}
    quota = quotas(sizes, target=target, min_per_team=min_per_team)
    draws: list[Draw] = []
    for team in sorted(by_team):
        cases = sorted(by_team[team])
        rng = random.Random(f"{seed}:{team}")
        chosen = rng.sample(cases, quota[team])
        draws += [
            Draw(
                case_id=c,
                team_id=team,
                stratum_size=sizes[team],
                stratum_quota=quota[team],
                draw=i + 1,
            )
            for i, c in enumerate(chosen)
        ]
    return draws


def replacement(
    eligible_in_team: list[int], already: set[int], *, seed: int, team_id: int
) -> int | None:
    """The next case of the same team's draw that is not already in the sample."""
    rng = random.Random(f"{seed}:{team_id}")
    order = rng.sample(sorted(eligible_in_team), len(eligible_in_team))
    return next((c for c in order if c not in already), None)
