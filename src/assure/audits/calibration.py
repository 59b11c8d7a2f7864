"""How closely an auditor's grades match the moderators': agreement rates, weighted kappa, drift.

Pure functions over counts, no database: `analytics.py` gathers the counts in
one grouped query and hands them here.

Grades are ordinal, lowest first: inadequate < requires improvement < good <
outstanding (ranks 1 to 4).

Weighted kappa uses **quadratic** weights: a disagreement of d steps on the
four-point scale costs (d / 3) squared, so a one-step move costs 1/9 and a
move from inadequate to outstanding costs 1. Quadratic weights are the
usual choice for ordinal grades (the statistic then approximates the
intraclass correlation), and they match what moderation cares about: a
one-step difference of view is ordinary, a two- or three-step one is a
calibration problem. See docs/adr/0010-grade-calibration.md.

    kappa_w = 1 - sum(w_ij * observed_ij) / sum(w_ij * expected_ij)

where expected_ij = row_i total * column_j total / n. When every grade pair
sits on the diagonal, kappa is 1 (perfect agreement), including the case
where both raters used a single grade throughout (strictly 0/0). With no
pairs at all it is None.

The drift flag (`drifts`): an auditor (or service) is flagged when at least
`DRIFT_MIN_N` (5) of their audits have been moderated and either

- the weighted kappa is below `DRIFT_KAPPA` (0.4, the conventional edge of
  "fair" agreement), or
- more than `DRIFT_SHARE` (40%) of their moderated grades were moved in the
  same direction (all up, or all down, counted separately).

Both limits are plain constants so the QA unit can tune them; the ADR says why
these values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assure.core.grades import WORST_FIRST

ORDER = WORST_FIRST
RANK = {grade: i for i, grade in enumerate(ORDER)}
K = len(ORDER)

DRIFT_MIN_N = 5
DRIFT_KAPPA = 0.4
DRIFT_SHARE = 0.4

# (auditor grade, moderated grade) -> how many audits
Pairs = Mapping[tuple[str, str], int]


def weight(i: int, j: int, *, scheme: str = "quadratic") -> float:
    """The cost of a disagreement between rank i and rank j (0 on the diagonal, 1 at most)."""
    distance = abs(i - j) / (K - 1)
    return distance * distance if scheme == "quadratic" else distance


def matrix(pairs: Pairs) -> list[list[int]]:
    """The 4x4 cross-table, auditor grade in rows, moderated grade in columns (lowest first)."""
    grid = [[0] * K for _ in range(K)]
    for (given, moderated), n in pairs.items():
        if given in RANK and moderated in RANK:
            grid[RANK[given]][RANK[moderated]] += n
    return grid


def weighted_kappa(pairs: Pairs, *, scheme: str = "quadratic") -> float | None:
    """Cohen's weighted kappa between auditor and moderated grades (quadratic by default)."""
    grid = matrix(pairs)
    n = sum(sum(row) for row in grid)
    if n == 0:
        return None
    rows = [sum(row) for row in grid]
    cols = [sum(grid[i][j] for i in range(K)) for j in range(K)]
    observed = sum(weight(i, j, scheme=scheme) * grid[i][j] for i in range(K) for j in range(K))
    if observed == 0:
        return 1.0
    expected = sum(
        weight(i, j, scheme=scheme) * rows[i] * cols[j] / n for i in range(K) for j in range(K)
    )
    if expected == 0:  # not reachable with observed > 0, kept for safety
        return None
    return 1.0 - observed / expected


@dataclass(frozen=True)
class Calibration:
    """One auditor's (or service's) moderated audits, summarised."""

    n: int
    agreed: int
    up: int
    down: int
    kappa: float | None

    @property
    def agreed_pct(self) -> float | None:
        return _pct(self.agreed, self.n)

    @property
    def up_pct(self) -> float | None:
        return _pct(self.up, self.n)

    @property
    def down_pct(self) -> float | None:
        return _pct(self.down, self.n)

    @property
    def drifts(self) -> bool:
        return drifts(self)

    @property
    def drift_reason(self) -> str:
        if not self.drifts:
            return ""
        reasons = []
        if self.kappa is not None and self.kappa < DRIFT_KAPPA:
            reasons.append(f"kappa {self.kappa:.2f} is below {DRIFT_KAPPA}")
        if self.up > DRIFT_SHARE * self.n:
            reasons.append(f"{self.up_pct:.0f}% moved up by moderation")
        if self.down > DRIFT_SHARE * self.n:
            reasons.append(f"{self.down_pct:.0f}% moved down by moderation")
        return "; ".join(reasons)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def summarise(pairs: Pairs) -> Calibration:
    n = agreed = up = down = 0
    for (given, moderated), count in pairs.items():
        if given not in RANK or moderated not in RANK:
            continue
        n += count
        if RANK[moderated] == RANK[given]:
            agreed += count
        elif RANK[moderated] > RANK[given]:
            up += count
        else:
            down += count
    return Calibration(n=n, agreed=agreed, up=up, down=down, kappa=weighted_kappa(pairs))


def drifts(summary: Calibration) -> bool:
    """The drift rule in the module docstring."""
    if summary.n < DRIFT_MIN_N:
        return False
    low_kappa = summary.kappa is not None and summary.kappa < DRIFT_KAPPA
    one_way = summary.up > DRIFT_SHARE * summary.n or summary.down > DRIFT_SHARE * summary.n
    return low_kappa or one_way


def pairs_from(grades: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Count (auditor grade, moderated grade) pairs from a list, for tests and small uses."""
    out: dict[tuple[str, str], int] = {}
    for pair in grades:
        out[pair] = out.get(pair, 0) + 1
    return out
