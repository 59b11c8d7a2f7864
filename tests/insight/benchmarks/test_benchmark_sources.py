"""Finding the DfE files: by prefix, newest coverage first, and saying what is missing."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from assure.insight.benchmarks import (
    MissingSourceError,
    SourceFormatError,
    benchmark,
    find_sources,
)
from assure.insight.benchmarks.sources import choose_source, coverage


def test_shipped_folder_has_every_source() -> None:
    files = find_sources()
    assert {k: p.name for k, p in files.items()} == {
        "c1": "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "b1": "b1_children_in_need_2013_to_2025.csv",
        "d3": "d3_cpps_subsequent_plan_2013_to_2025.csv",
        "d5": "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        "cla": "cla_number_and_rate_per_10k_children.csv",
        "csww": "csww_indicators_2017_to_2025.csv",
        "sn_model": "sn_model_2025_wide.csv",
    }


def test_latest_coverage_wins_by_name(tmp_path: Path) -> None:
    names = ["c1_x_2013_to_2025.csv", "c1_x_2014_to_2026.csv", "c1_x_2012_to_2026.csv"]
    for name in names:
        (tmp_path / name).write_text("time_period\n2020\n")
    chosen = choose_source([tmp_path / n for n in names])
    # Both reach 2026; the longer span is kept.
    assert chosen.name == "c1_x_2012_to_2026.csv"
    assert coverage(tmp_path / "sn_model_2025_wide.csv") == (2025, 2025)


def test_latest_coverage_wins_by_content_when_names_have_no_years(tmp_path: Path) -> None:
    old = tmp_path / "cla_number_and_rate_per_10k_children.csv"
    new = tmp_path / "cla_number_and_rate_per_10k_children (1).csv"
    old.write_text("time_period,x\n2021,1\n2025,1\n")
    new.write_text("time_period,x\n2022,1\n2026,1\n")
    assert choose_source([old, new]) == new


def test_missing_files_are_named(folder_writer: Callable[..., Path]) -> None:
    folder = folder_writer(skip=("d3_", "sn_model"))
    with pytest.raises(MissingSourceError) as caught:
        benchmark("101", 2025, data_dir=folder)
    message = str(caught.value)
    assert "'d3_*.csv'" in message
    assert "'sn_model*.csv'" in message
    assert "c1_" not in message


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(MissingSourceError, match="does not exist"):
        find_sources(tmp_path / "nowhere")


def test_missing_column_is_named(hand_made: Path) -> None:
    path = hand_made / "csww_indicators_2017_to_2025.csv"
    rows = list(csv.reader(path.open()))
    rows[0] = ["caseload" if c == "caseload_fte" else c for c in rows[0]]
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(SourceFormatError, match="caseload_fte"):
        benchmark("101", 2025, data_dir=hand_made)


def test_a_newer_year_dropped_in_just_works(shipped_copy: Path) -> None:
    # A 2026 edition of c1 beside the 2025 one: its years win, and 2026 can be benchmarked.
    old = shipped_copy / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    with old.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    year, code, percent = (
        header.index(c) for c in ("time_period", "old_la_code", "rereferral_percent")
    )
    extra = []
    for row in rows[1:]:
        if row[year] == "2025":
            new = list(row)
            new[year] = "2026"
            if new[code] == "886":
                new[percent] = "19.95"
            extra.append(new)
    newer = shipped_copy / "c1_children_in_need_referrals_and_rereferrals_2013_to_2026.csv"
    with newer.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows[1:], *extra])

    assert find_sources(shipped_copy)["c1"] == newer
    result = benchmark("886", 2026, data_dir=shipped_copy).indicators
    assert result["rereferrals_pct"].value == 20.0  # 19.95 rounds half away from zero
    assert result["rereferrals_pct"].england == 22.6
    # 2026 has no population yet in the cla file, so the rate waits for it.
    assert result["referrals_per_10k"].value is None
    assert (
        benchmark("886", 2025, data_dir=shipped_copy).indicators["referrals_per_10k"].value == 676.3
    )
