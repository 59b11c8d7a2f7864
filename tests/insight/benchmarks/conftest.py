"""Fixtures: a hand-made folder of DfE-shaped CSV files, and copies of the shipped one."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assure.insight.benchmarks import DEFAULT_DATA_DIR
from assure.insight.benchmarks.dataset import clear_cache

AREA_HEADER = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
]

# Two regions and seven authorities; 107 is in no neighbour list of its own.
REGIONS = {"E12000001": "North", "E12000002": "South"}
AUTHORITIES = {
    "101": ("E06000101", "Alderley", "E12000001"),
    "102": ("E06000102", "Brackwood", "E12000001"),
    "103": ("E06000103", "Caverly", "E12000001"),
    "104": ("E06000104", "Dunmere", "E12000002"),
    "105": ("E06000105", "Eastholt", "E12000002"),
    "106": ("E06000106", "Fernby", "E12000002"),
    "107": ("E06000107", "Greystead", "E12000002"),
}
NEIGHBOURS = {
    # 199 is a code that appears in no statistics file (as after a reorganisation).
    "101": ["102", "103", "105", "199", "104"],
    "104": ["101", "102", "103"],
}

# Columns of each statistics file the engine reads, beyond the area columns.
FILE_COLUMNS = {
    "c1_referrals_2013_to_2025.csv": [
        "referral_count",
        "rereferral_percent",
        "no_further_action_percent",
    ],
    "b1_cin_2013_to_2025.csv": ["At31_episodes"],
    "d3_cpp_subsequent_2013_to_2025.csv": ["CPP_subsequent_percent"],
    "d5_cpp_duration_2013_to_2025.csv": ["CPP_At31", "2_years_or_more_percent"],
    "csww_indicators_2017_to_2025.csv": [
        "turnover_rate_fte",
        "agency_rate_fte",
        "vacancy_rate_fte",
        "caseload_fte",
    ],
}
CLA_FILE = "cla_number_and_rate_per_10k_children.csv"
CLA_AT_31 = "Children looked after on 31 March each year"

# year -> column -> area ('england', a region code or an LA code) -> cell text
Cells = dict[int, dict[str, dict[str, str]]]


def _area_rows(year: int) -> list[tuple[str, list[str]]]:
    """(area key, area columns) for England, each region and each authority."""
    base = [str(year), "Reporting year"]
    rows = [("england", [*base, "National", "E92000001", "England", "", "", "", "", ""])]
    for code, name in REGIONS.items():
        rows.append((code, [*base, "Regional", "E92000001", "England", code, name, "", "", ""]))
    for old, (new, name, region) in AUTHORITIES.items():
        rows.append(
            (
                old,
                [
                    *base,
                    "Local authority",
                    "E92000001",
                    "England",
                    region,
                    REGIONS[region],
                    old,
                    new,
                    name,
                ],
            )
        )
    return rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_folder(folder: Path, cells: Cells, *, skip: tuple[str, ...] = ()) -> Path:
    """Write DfE-shaped files into `folder`; a cell not given is blank (no value)."""
    folder.mkdir(parents=True, exist_ok=True)
    years = sorted(cells)
    for name, columns in FILE_COLUMNS.items():
        if name.startswith(skip):
            continue
        rows = [
            [*area, *(cells[year].get(col, {}).get(key, "") for col in columns)]
            for year in years
            for key, area in _area_rows(year)
        ]
        _write(folder / name, [*AREA_HEADER, *columns], rows)
    if not CLA_FILE.startswith(skip):
        cla_rows: list[list[str]] = []
        for year in years:
            for key, area in _area_rows(year):
                # cla orders its columns differently from the others; keep that.
                la_cols = [area[7], area[9], area[8]]
                pop = cells[year].get("population", {}).get(key, "")
                rate = cells[year].get("rate_per_10000", {}).get(key, "")
                # A decoy row of another population type, which must never be read.
                decoy = "Children starting to be looked after each year"
                cla_rows.append([*area[:7], *la_cols, decoy, "999999", "1", "77"])
                cla_rows.append([*area[:7], *la_cols, CLA_AT_31, pop, "1", rate])
        header = [
            *AREA_HEADER[:7],
            "old_la_code",
            "la_name",
            "new_la_code",
            "population_type",
            "population_estimate",
            "children_count",
            "rate_per_10000",
        ]
        _write(folder / CLA_FILE, header, cla_rows)
    if not "sn_model".startswith(skip):
        sn_header = ["old_la_code", "la_name", "region_ind", "region_name"]
        for i in range(1, 11):
            sn_header += [f"SN_{i}", f"SN_{i}P"]
        sn_rows = []
        for old, (_, name, region) in AUTHORITIES.items():
            if old == "107":
                continue
            near = NEIGHBOURS.get(old, [])
            row = [old, name, "1", REGIONS[region]]
            for i in range(10):
                row += [near[i] if i < len(near) else "", "Close"]
            sn_rows.append(row)
        _write(folder / "sn_model_2025_wide.csv", sn_header, sn_rows)
    return folder


# The hand-made figures the definition tests reason about, for 2025 (and 2024).
HAND_MADE: Cells = {
    2025: {
        "population": {
            "england": "1000000",
            "E12000001": "2200000",
            "E12000002": "5000",
            "101": "200000",
            "102": "2000000",
            "103": "200000",
            "104": "100000",
            "105": "x",
            "106": "5000",
            # 107 has no population figure at all
        },
        # per 10k: 101 0.15, 102 0.15 (same fraction, other numbers), 103 0.25,
        # 104 suppressed, 105 no population, 106 zero (a value), 107 no population.
        "referral_count": {
            "england": "12345",
            "E12000001": "34",
            "E12000002": "c",
            "101": "3",
            "102": "30",
            "103": "5",
            "104": "k",
            "105": "5",
            "106": "0",
            "107": "7",
        },
        "rereferral_percent": {
            "england": "22.6",
            "E12000001": "25.0",
            "E12000002": "x",
            "101": "30.0",
            "102": "20.0",
            "103": "20.0",
            "104": "10.0",
            "105": "c",
            "106": "",
            "107": "low",
        },
        "CPP_subsequent_percent": {
            "england": "24.5",
            "101": "12",
            "102": "10.1",
            "103": "10.2",
            "104": "u",
            "105": "z",
            "106": "11",
        },
        "rate_per_10000": {"england": "67", "101": "53", "102": "53", "103": "60", "104": "x"},
        "turnover_rate_fte": {"england": "11.8", "101": "15.4"},
    },
    2024: {
        "population": {"england": "1000000", "101": "200000"},
        "referral_count": {"england": "50000", "101": "1000"},
        "rereferral_percent": {"england": "21.0", "101": "5.0", "102": "6.0"},
    },
}


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test loads its own folder; nothing leaks through the loaded-data cache."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def hand_made(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "dfe", HAND_MADE)


@pytest.fixture
def folder_writer(tmp_path: Path) -> Callable[..., Path]:
    """Write a folder: the hand-made figures unless others are given, minus `skip` prefixes."""

    def make(cells: Cells | None = None, *, name: str = "dfe", skip: tuple[str, ...] = ()) -> Path:
        return write_folder(tmp_path / name, HAND_MADE if cells is None else cells, skip=skip)

    return make


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped DfE folder."""
    target = tmp_path / "shipped"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    for path in target.iterdir():
        path.chmod(0o644)
    target.chmod(0o755)
    return target
