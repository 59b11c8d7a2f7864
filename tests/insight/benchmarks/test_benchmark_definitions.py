"""The Part B definitions, by example, on a hand-made folder (figures in conftest.HAND_MADE).

Ties, suppressed cells, a neighbour without a value, a neighbour code that
is in no file, the population row chosen by its type, and rounding half away
from zero after the arithmetic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assure.insight.benchmarks import (
    BENCHMARK_INDICATORS,
    Comparison,
    SeriesPoint,
    UnknownAuthorityError,
    UnknownYearError,
    benchmark,
    benchmark_series,
    benchmark_years,
)


def test_rate_ties_on_equal_fractions_and_rounds_half_away(hand_made: Path) -> None:
    # 101: 3 / 200,000 and 102: 30 / 2,000,000 are both 0.15 per 10k: a tie, and
    # 0.15 rounds to 0.2 (a float would print 0.1). 103 is 0.25, 106 is zero.
    result = benchmark("101", 2025, data_dir=hand_made)
    assert result.indicators["referrals_per_10k"] == Comparison(
        value=0.2,
        england=123.5,  # 12,345 / 1,000,000 x 10,000 = 123.45
        region=0.2,  # North: 34 / 2,200,000 x 10,000 = 0.1545...
        sn_median=0.2,  # median(0.15, 0.25) = 0.2 exactly; rounded first it would be 0.3
        rank=2,
        n=4,  # 104 suppressed (k), 105 population x, 107 no population row
        quartile=2,  # p = 2 (only 106 lower): ceil(8 / 4)
    )
    assert benchmark("102", 2025, data_dir=hand_made).indicators["referrals_per_10k"].rank == 2
    top = benchmark("103", 2025, data_dir=hand_made).indicators["referrals_per_10k"]
    assert (top.value, top.rank, top.quartile) == (0.3, 1, 4)  # 0.25 -> 0.3
    zero = benchmark("106", 2025, data_dir=hand_made).indicators["referrals_per_10k"]
    assert (zero.value, zero.rank, zero.quartile) == (0.0, 4, 1)


def test_suppressed_authority_has_comparators_but_no_rank(hand_made: Path) -> None:
    # 104's count is 'k'; South's count is 'c'; its neighbours 101..103 have values.
    result = benchmark("104", 2025, data_dir=hand_made).indicators["referrals_per_10k"]
    assert result == Comparison(
        value=None,
        england=123.5,
        region=None,
        sn_median=0.2,  # median(0.15, 0.15, 0.25) = 0.15 -> 0.2
        rank=None,
        n=4,
        quartile=None,
    )


def test_population_missing_or_suppressed_means_no_rate(hand_made: Path) -> None:
    for la in ("105", "107"):
        result = benchmark(la, 2025, data_dir=hand_made).indicators["referrals_per_10k"]
        assert (result.value, result.rank, result.quartile, result.n) == (None, None, None, 4)


def test_percent_ties_and_every_suppression_code(hand_made: Path) -> None:
    # 30, 20, 20, 10 have values; c, blank and low do not.
    ranks = {
        la: benchmark(la, 2025, data_dir=hand_made).indicators["rereferrals_pct"]
        for la in ("101", "102", "103", "104", "105", "106", "107")
    }
    assert {la: (c.value, c.rank, c.quartile) for la, c in ranks.items()} == {
        "101": (30.0, 1, 4),
        "102": (20.0, 2, 2),
        "103": (20.0, 2, 2),
        "104": (10.0, 4, 1),
        "105": (None, None, None),
        "106": (None, None, None),
        "107": (None, None, None),
    }
    assert {c.n for c in ranks.values()} == {4}
    # 101's neighbours: 102 (20), 103 (20), 105 (c), 199 (in no file), 104 (10).
    assert ranks["101"].sn_median == 20.0
    assert (ranks["101"].england, ranks["101"].region) == (22.6, 25.0)
    # South's own row is x; 107 is in no neighbour model.
    assert (ranks["107"].region, ranks["107"].sn_median) == (None, None)


def test_median_of_two_is_exact_then_rounded_half_away(hand_made: Path) -> None:
    # Neighbours 102 (10.1) and 103 (10.2); 104 (u) and 105 (z) have none.
    # (10.1 + 10.2) / 2 = 10.15 -> 10.2; in floats it is 10.149999... -> 10.1.
    result = benchmark("101", 2025, data_dir=hand_made).indicators["cpp_subsequent_pct"]
    assert result == Comparison(
        value=12.0, england=24.5, region=None, sn_median=10.2, rank=1, n=4, quartile=4
    )
    quartiles = {
        la: benchmark(la, 2025, data_dir=hand_made).indicators["cpp_subsequent_pct"].quartile
        for la in ("102", "103", "106")
    }
    assert quartiles == {"102": 1, "103": 2, "106": 3}


def test_cla_rate_reads_only_the_31_march_row(hand_made: Path) -> None:
    # A decoy row of another population type (rate 77, population 999,999) sits beside it.
    result = benchmark("101", 2025, data_dir=hand_made).indicators["cla_per_10k"]
    assert result == Comparison(
        value=53.0, england=67.0, region=None, sn_median=56.5, rank=2, n=3, quartile=2
    )


def test_each_year_is_ranked_on_its_own(hand_made: Path) -> None:
    result = benchmark("101", 2024, data_dir=hand_made).indicators
    assert result["referrals_per_10k"] == Comparison(
        value=50.0, england=500.0, region=None, sn_median=None, rank=1, n=1, quartile=4
    )
    assert (result["rereferrals_pct"].rank, result["rereferrals_pct"].n) == (2, 2)
    assert result["rereferrals_pct"].quartile == 2  # p = 1: ceil(4 / 2)


def test_every_indicator_is_reported_even_without_data(hand_made: Path) -> None:
    result = benchmark("101", 2025, data_dir=hand_made)
    assert list(result.indicators) == [i.id for i in BENCHMARK_INDICATORS]
    assert result.indicators["sw_caseload"] == Comparison(None, None, None, None, None, 0, None)
    assert result.indicators["sw_turnover_pct"].value == 15.4


def test_json_shape(hand_made: Path) -> None:
    data = benchmark("101", 2025, data_dir=hand_made).as_json()
    assert set(data) == {"la", "year", "indicators", "source"}
    assert (data["la"], data["year"]) == ("101", 2025)
    assert set(data["indicators"]["rereferrals_pct"]) == {
        "value",
        "england",
        "region",
        "sn_median",
        "rank",
        "n",
        "quartile",
    }
    assert data["source"].startswith("Contains public sector information")


def test_series_lists_every_year_with_gaps(hand_made: Path) -> None:
    series = benchmark_series("101", data_dir=hand_made)
    assert series.series["referrals_per_10k"] == [
        SeriesPoint(year=2024, value=50.0, england=500.0, region=None, sn_median=None),
        SeriesPoint(year=2025, value=0.2, england=123.5, region=0.2, sn_median=0.2),
    ]
    only = benchmark_series("101", indicators=["rereferrals_pct"], since=2025, data_dir=hand_made)
    assert only.series == {
        "rereferrals_pct": [
            SeriesPoint(year=2025, value=30.0, england=22.6, region=25.0, sn_median=20.0)
        ]
    }


def test_unknown_authority_and_year(hand_made: Path) -> None:
    assert benchmark_years(data_dir=hand_made) == (2024, 2025)
    with pytest.raises(UnknownAuthorityError, match="old_la_code"):
        benchmark("999", 2025, data_dir=hand_made)
    with pytest.raises(UnknownYearError, match="2024-2025"):
        benchmark("101", 2026, data_dir=hand_made)


def test_new_code_resolves_to_the_old_code(hand_made: Path) -> None:
    assert benchmark("E06000101", 2025, data_dir=hand_made).la == "101"
