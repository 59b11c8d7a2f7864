"""Weighted kappa, agreement rates and the drift flag, against figures worked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assure.audits import calibration as cal

INA, RI, G, OUT = "inadequate", "requires_improvement", "good", "outstanding"


def test_perfect_agreement_is_one() -> None:
    pairs = cal.pairs_from([(INA, INA), (RI, RI), (G, G), (OUT, OUT), (G, G)])
    assert cal.weighted_kappa(pairs) == 1.0
    assert cal.weighted_kappa(pairs, scheme="linear") == 1.0


def test_one_grade_throughout_counts_as_perfect_agreement() -> None:
    assert cal.weighted_kappa({(G, G): 7}) == 1.0


def test_no_pairs_has_no_kappa() -> None:
    assert cal.weighted_kappa({}) is None
    assert cal.summarise({}).agreed_pct is None


def test_systematic_one_step_up() -> None:
    """Auditor INA, RI, G; moderator RI, G, O: every grade moved up one step.

    Quadratic weights (d/3)^2: observed disagreement 3 x 1/9 = 1/3. Margins:
    auditor ranks 0, 1, 2 once each, moderator 1, 2, 3 once each, so expected
    disagreement = (1/3) x (sum of (i-j)^2 over those 9 pairs = 21) / 9 = 7/9.
    Kappa = 1 - (1/3) / (7/9) = 4/7. Linear weights d/3: observed 1, expected
    (1/3) x 11/3 = 11/9, so kappa = 1 - 9/11 = 2/11.
    """
    pairs = cal.pairs_from([(INA, RI), (RI, G), (G, OUT)])
    assert cal.weighted_kappa(pairs) == pytest.approx(4 / 7)
    assert cal.weighted_kappa(pairs, scheme="linear") == pytest.approx(2 / 11)
    summary = cal.summarise(pairs)
    assert (summary.n, summary.agreed, summary.up, summary.down) == (3, 0, 3, 0)
    assert summary.up_pct == 100.0


def test_textbook_two_by_two() -> None:
    """The classic 50-item example (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no): kappa 0.4.

    With two adjacent grades every disagreement has the same weight, so the
    weighted kappa equals Cohen's unweighted kappa: p_o = 0.7, p_e = 0.5.
    """
    pairs = {(G, G): 20, (G, RI): 5, (RI, G): 10, (RI, RI): 15}
    assert cal.weighted_kappa(pairs) == pytest.approx(0.4)
    assert cal.weighted_kappa(pairs, scheme="linear") == pytest.approx(0.4)
    summary = cal.summarise(pairs)
    assert summary.agreed_pct == 70.0
    assert summary.up_pct == 20.0  # requires improvement moved up to good
    assert summary.down_pct == 10.0


def test_far_disagreements_cost_more_than_near_ones() -> None:
    near = cal.pairs_from([(INA, INA), (RI, RI), (G, G), (OUT, OUT), (G, OUT), (RI, INA)])
    far = cal.pairs_from([(INA, INA), (RI, RI), (G, G), (OUT, OUT), (INA, OUT), (OUT, INA)])
    near_kappa, far_kappa = cal.weighted_kappa(near), cal.weighted_kappa(far)
    assert near_kappa is not None and far_kappa is not None
    assert near_kappa > far_kappa


def test_the_cross_table_is_lowest_grade_first() -> None:
    grid = cal.matrix({(INA, OUT): 2, (G, G): 3})
    assert grid[0][3] == 2 and grid[2][2] == 3
    assert sum(map(sum, grid)) == 5


grade = st.sampled_from(cal.ORDER)


@given(st.lists(st.tuples(grade, grade), min_size=1, max_size=40))
def test_kappa_is_at_most_one_and_symmetric(pairs: list[tuple[str, str]]) -> None:
    forward = cal.weighted_kappa(cal.pairs_from(pairs))
    backward = cal.weighted_kappa(cal.pairs_from([(b, a) for a, b in pairs]))
    assert forward is not None and backward is not None
    assert forward <= 1.0 + 1e-9
    assert forward == pytest.approx(backward)


# The drift flag ------------------------------------------------------------------


def test_too_few_moderated_audits_never_drift() -> None:
    summary = cal.summarise(cal.pairs_from([(RI, G)] * 4))
    assert summary.up == 4 and not summary.drifts


def test_more_than_forty_percent_moved_one_way_drifts() -> None:
    summary = cal.summarise(cal.pairs_from([(RI, G), (G, OUT), (INA, RI), (G, G), (OUT, OUT)]))
    assert summary.n == 5 and summary.up_pct == 60.0
    assert summary.drifts
    assert "60% moved up" in summary.drift_reason


def test_exactly_forty_percent_one_way_with_good_kappa_does_not_drift() -> None:
    pairs = cal.pairs_from(
        [
            *[(G, OUT), (G, OUT), (RI, G), (INA, RI)],  # 4 of 10 moved up
            *[(INA, INA), (RI, RI), (G, G), (OUT, OUT), (G, G), (RI, RI)],
        ]
    )
    summary = cal.summarise(pairs)
    assert summary.up_pct == 40.0
    assert summary.kappa is not None and summary.kappa >= cal.DRIFT_KAPPA
    assert not summary.drifts


def test_low_kappa_drifts_even_when_moves_balance() -> None:
    pairs = cal.pairs_from([(INA, OUT), (OUT, INA), (G, RI), (RI, G), (G, G), (RI, RI)])
    summary = cal.summarise(pairs)
    assert summary.up == 2 and summary.down == 2  # a third each way: not one-sided
    assert summary.kappa is not None and summary.kappa < cal.DRIFT_KAPPA
    assert summary.drifts
    assert "kappa" in summary.drift_reason
