"""XmR charts: limits, each special-cause rule on a hand-made series, and polarity labels."""

from __future__ import annotations

from datetime import date

import pytest

from assure.insight.trends import label_for, recent_signals, xmr


def months(values: list[float | None], start: int = 2021) -> list[tuple[date, float | None]]:
    return [(date(start + i // 12, i % 12 + 1, 1), v) for i, v in enumerate(values)]


def rules(
    values: list[float | None], polarity: str = "neither"
) -> list[tuple[str, str, tuple[int, ...]]]:
    chart = xmr(months(values), polarity=polarity)
    return [(s.rule, s.direction, s.indices) for s in chart.signals]


def test_limits_are_mean_plus_minus_2_66_mean_moving_range() -> None:
    chart = xmr(months([10, 14, 11, 13, 9, 15, 12, 10, 14, 11, 13, 12]))
    assert chart.mean == pytest.approx(12.0)
    assert chart.moving_ranges == (4, 3, 2, 4, 6, 3, 2, 4, 3, 2, 1)
    assert chart.mean_moving_range == pytest.approx(34 / 11)
    assert chart.upper_limit == pytest.approx(12 + 2.66 * 34 / 11)
    assert chart.lower_limit == pytest.approx(12 - 2.66 * 34 / 11)
    assert chart.sigma == pytest.approx(34 / 11 / 1.128)


def test_a_series_of_common_cause_variation_has_no_signal() -> None:
    assert rules([10, 14, 11, 13, 9, 15, 12, 10, 14, 11, 13, 12]) == []


def test_a_point_beyond_the_upper_limit() -> None:
    # mean 17.5, upper limit 53.9: 60 is beyond it, and alone beyond two sigma.
    assert rules([10, 18, 10, 18, 10, 18, 60, 18, 10, 18, 10, 18, 10]) == [
        ("beyond_limit", "up", (6,))
    ]


def test_a_point_beyond_the_lower_limit() -> None:
    assert rules([50, 42, 50, 42, 50, 42, 0, 42, 50, 42, 50, 42, 50]) == [
        ("beyond_limit", "down", (6,))
    ]


def test_seven_points_on_one_side_of_the_mean_is_a_shift() -> None:
    # The 16 at index 3 and the six points of 13-14 after it sit above the mean (12.6).
    assert rules([8, 16, 8, 16, 14, 13, 14, 13, 14, 13, 8, 16, 8, 16]) == [
        ("shift", "up", (3, 4, 5, 6, 7, 8, 9))
    ]


def test_six_points_on_one_side_is_not_yet_a_shift() -> None:
    assert rules([8, 16, 8, 16, 8, 14, 13, 14, 13, 14, 13, 8, 16, 8, 16]) == []


def test_a_point_on_the_mean_breaks_a_run() -> None:
    # Mean is exactly 12; the 12 at index 7 splits eight low points into 4 and 3.
    values: list[float | None] = [16, 8, 16, 8, 11, 11, 11, 12, 11, 11, 11, 16, 8, 16, 14]
    chart = xmr(months(values))
    assert chart.mean == pytest.approx(12.0)
    assert [s.rule for s in chart.signals] == []


def test_six_increases_in_a_row_is_a_trend() -> None:
    # 8, 9, ..., 14: seven points, six increases.
    assert rules([14, 10, 15, 9, 13, 8, 9, 10, 11, 12, 13, 14, 11, 13, 10, 14]) == [
        ("trend", "up", (5, 6, 7, 8, 9, 10, 11))
    ]


def test_five_increases_in_a_row_is_not_a_trend() -> None:
    assert rules([14, 10, 15, 9, 13, 11, 8, 9, 10, 11, 12, 13, 11, 13, 10, 14]) == []


def test_an_equal_step_breaks_a_trend() -> None:
    assert rules([14, 10, 15, 9, 13, 8, 9, 10, 10, 11, 12, 13, 11, 13, 10, 14]) == []


def test_six_decreases_in_a_row_is_a_falling_trend() -> None:
    assert rules([10, 14, 9, 15, 11, 16, 15, 14, 13, 12, 11, 10, 13, 11, 14, 10]) == [
        ("trend", "down", (5, 6, 7, 8, 9, 10, 11))
    ]


def test_two_of_three_beyond_two_sigma() -> None:
    # Two-sigma line 21.9, upper limit 25.8: 24 and 25 are between them, two of three.
    assert rules([12, 14, 11, 13, 12, 14, 11, 13, 12, 14, 24, 13, 25, 12, 14, 11, 13]) == [
        ("two_of_three", "up", (10, 12))
    ]


def test_empty_values_are_skipped() -> None:
    with_gaps = [10, None, 14, 11, None, 13, 9, 15, 12, 10, 14, 11, 13, 12]
    chart = xmr(months(with_gaps))
    assert len(chart.points) == 12
    assert chart.moving_ranges == (4, 3, 2, 4, 6, 3, 2, 4, 3, 2, 1)
    assert chart.signals == ()
    # A trend runs across an empty month: the neighbours either side are compared.
    gapped = [14, 10, 15, 9, 13, 8, 9, None, 10, 11, 12, 13, 14, 11, 13, 10, 14]
    assert [s.rule for s in xmr(months(gapped)).signals] == ["trend"]


def test_too_few_values_give_no_limits() -> None:
    assert xmr([]).mean is None
    one = xmr(months([5]))
    assert one.mean == 5 and one.upper_limit is None and one.signals == ()
    assert xmr(months([None, None])).points == ()


@pytest.mark.parametrize(
    ("direction", "polarity", "label"),
    [
        ("up", "higher_better", "improvement"),
        ("down", "higher_better", "concern"),
        ("up", "lower_better", "concern"),
        ("down", "lower_better", "improvement"),
        ("up", "neither", "neither"),
        ("down", "neither", "neither"),
        ("up", "higher_is_better", "improvement"),
        ("up", "lower_is_better", "concern"),
    ],
)
def test_polarity_labels(direction: str, polarity: str, label: str) -> None:
    assert label_for(direction, polarity) == label  # type: ignore[arg-type]


def test_signals_carry_the_label_of_the_indicator_polarity() -> None:
    values: list[float | None] = [10, 18, 10, 18, 10, 18, 60, 18, 10, 18, 10, 18, 10]
    assert [s.label for s in xmr(months(values), polarity="higher_better").signals] == [
        "improvement"
    ]
    assert [s.label for s in xmr(months(values), polarity="lower_better").signals] == ["concern"]
    assert [s.label for s in xmr(months(values), polarity="neither").signals] == ["neither"]


def test_recent_signals_are_those_still_showing() -> None:
    chart = xmr(months([10, 18, 10, 18, 10, 18, 60, 18, 10, 18, 10, 18, 10]))
    assert recent_signals(chart, since=date(2021, 7, 1)) == list(chart.signals)
    assert recent_signals(chart, since=date(2021, 8, 1)) == []
    assert chart.signals[0].description == "July 2021: above the upper limit"
