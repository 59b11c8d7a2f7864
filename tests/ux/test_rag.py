"""Our figure beside England, the region and neighbours, with a RAG status a reader can check.

Kent's published 2025 figures (the demo's stand-in) give one of each status:
caseload 17.0 against 15.2 and 15.2 is red, repeat child protection plans
24.3 against 24.5 and 24.5 is green, re-referrals 21.6 between England's 22.6
and the neighbours' 21.0 is amber, and referral rates are not rated.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assure.insight.benchmarks import rag
from assure.insight.report import snapshot_report
from tests.ux.test_benchmarks import report_snapshot  # noqa: F401  (fixture)


@pytest.mark.parametrize(
    ("value", "england", "sn", "polarity", "status"),
    [
        (10.0, 12.0, 11.0, "lower_is_better", "green"),
        (12.0, 12.0, 12.0, "lower_is_better", "green"),  # level with both is not worse
        (11.5, 12.0, 11.0, "lower_is_better", "amber"),
        (13.0, 12.0, 11.0, "lower_is_better", "red"),
        (13.0, 12.0, 11.0, "higher_is_better", "green"),
        (10.0, 12.0, None, "higher_is_better", "red"),  # the one comparator decides
        (10.0, 12.0, 11.0, "neither", None),
        (None, 12.0, 11.0, "lower_is_better", None),
        (10.0, None, None, "lower_is_better", None),
    ],
)
def test_the_rule(
    value: float | None, england: float | None, sn: float | None, polarity: str, status: Any
) -> None:
    assert rag(value, england, sn, polarity).status == status


def test_amber_says_which_side() -> None:
    assert rag(21.6, 22.6, 21.0, "lower_is_better").reason == (
        "Better than England, worse than statistical neighbours."
    )


def test_the_performance_home_shows_how_we_compare(world: Any, client_for: Any) -> None:
    body = client_for("director").get(reverse("insight:home")).content.decode()
    assert "How we compare" in body
    assert "Published figures, 2025" in body
    for word in ("Green", "Amber", "Red", "Not rated"):
        assert f">{word}</strong>" in body
    assert "The demonstration county is benchmarked as Kent" in body
    assert "Open Government Licence" in body


def test_the_benchmarks_page_rates_each_row(world: Any, client_for: Any) -> None:
    body = client_for("director").get(reverse("insight:benchmarks")).content.decode()
    assert "Against England and neighbours" in body
    assert "Worse than England and statistical neighbours." in body


def test_no_comparison_without_a_known_code(world: Any, client_for: Any, settings: Any) -> None:
    settings.ASSURE_BENCHMARK_LA_CODE = None
    body = client_for("director").get(reverse("insight:home")).content.decode()
    assert "How we compare" not in body


def test_the_visual_report_rates_its_published_figures(report_snapshot: Any) -> None:  # noqa: F811
    report = snapshot_report(report_snapshot)
    lines = [b for s in report.sections for b in s.benchmarks]
    assert lines, "the report compares with published figures"
    by_id = {b.indicator: b for b in lines}
    assert by_id["cpp_subsequent_pct"].rag.status == "green"
    assert by_id["referrals_per_10k"].rag.status is None
