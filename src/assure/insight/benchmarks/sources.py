"""Finding the DfE files in a data folder.

DfE republishes each file every year under a new name (the year range is part
of it: `c1_..._2013_to_2025.csv` becomes `c1_..._2013_to_2026.csv`), so files
are matched by their stable prefix. When an authority drops a newer file
beside the old one, the file covering the latest years wins, and nothing else
has to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .errors import MissingSourceError

DEFAULT_DATA_DIR: Path = Path(__file__).resolve().parent.parent / "data" / "dfe"

# The attribution the Open Government Licence asks of anyone showing the figures.
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: Department for Education."
)

# Columns every statistics file (not the neighbour model) must carry.
AREA_COLUMNS: tuple[str, ...] = (
    "time_period",
    "geographic_level",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One kind of DfE file: the prefix that finds it and what it is."""

    key: str
    prefix: str
    title: str


SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec("c1", "c1_", "children in need referrals and re-referrals"),
    SourceSpec("b1", "b1_", "children in need at 31 March"),
    SourceSpec("d3", "d3_", "child protection plans that are a second or subsequent plan"),
    SourceSpec("d5", "d5_", "child protection plans at 31 March by duration"),
    SourceSpec("cla", "cla_number_and_rate", "children looked after and 0-17 population"),
    SourceSpec("csww", "csww_indicators", "children and family social work workforce"),
    SourceSpec("sn_model", "sn_model", "statistical neighbour model"),
)

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _coverage_from_content(path: Path) -> tuple[int, int]:
    """The (first, last) `time_period` years inside a file; (0, 0) if it has none."""
    con = duckdb.connect(":memory:")
    try:
        row = con.execute(
            "SELECT min(TRY_CAST(time_period AS INTEGER)), max(TRY_CAST(time_period AS INTEGER))"
            " FROM read_csv($path, all_varchar = true, header = true)",
            {"path": str(path)},
        ).fetchone()
    except duckdb.Error:
        return (0, 0)
    finally:
        con.close()
    if row is None or row[0] is None or row[1] is None:
        return (0, 0)
    return (int(row[0]), int(row[1]))


def coverage(path: Path) -> tuple[int, int]:
    """The years a file covers: from its name when it says, else from its rows."""
    years = [int(y) for y in _YEAR.findall(path.stem)]
    if years:
        return (min(years), max(years))
    return _coverage_from_content(path)


def choose_source(candidates: list[Path]) -> Path:
    """The candidate covering the latest years; on a tie, the longest span, then the name."""
    if len(candidates) == 1:
        return candidates[0]

    def key(path: Path) -> tuple[int, int, str]:
        first, last = coverage(path)
        return (last, -first, path.name)

    return max(candidates, key=key)


def find_sources(data_dir: Path | None = None) -> dict[str, Path]:
    """Map each source key to its file in `data_dir` (default: the files shipped with Assure).

    Raises MissingSourceError naming every file that is missing.
    """
    folder = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    if not folder.is_dir():
        raise MissingSourceError(
            f"Benchmark data folder {folder} does not exist: point --data at a folder "
            "holding the DfE CSV files."
        )
    csvs = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    found: dict[str, Path] = {}
    missing: list[str] = []
    for spec in SOURCES:
        matches = [p for p in csvs if p.name.lower().startswith(spec.prefix.lower())]
        if matches:
            found[spec.key] = choose_source(matches)
        else:
            missing.append(f"'{spec.prefix}*.csv' ({spec.title})")
    if missing:
        raise MissingSourceError(
            f"Benchmark data folder {folder} is missing "
            + ", ".join(missing)
            + ": add the DfE file(s) to the folder, or point --data at a folder that has them."
        )
    return found
