"""The shape every figure of the audit cycle takes, and the grouping they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from assure.core.grades import GRADE_SHORT_LABELS, GRADES

LONDON = ZoneInfo("Europe/London")
Cell = str | int | float | None

# Best first, the order people read grades in; calibration ranks lowest first.
GRADES_BEST_FIRST = GRADES
SHORT_GRADE = GRADE_SHORT_LABELS
NO_DISTRICT = "County-wide team"
NO_CYCLE = "No cycle"
# The column of a table that names children (only the text answers' export has one).
CHILD_REFERENCE = "Child reference"


@dataclass
class Table:
    """One figure: what it is, a sentence saying what it shows, and its data."""

    key: str
    title: str
    summary: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    flags: list[bool] = field(default_factory=list)  # per row: highlight (a drifting auditor)

    @property
    def rows_flagged(self) -> list[tuple[tuple[Cell, ...], bool]]:
        return list(zip(self.rows, self.flags, strict=False))

    def as_dicts(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]

    def child_refs(self) -> list[Cell]:
        """The child references the table names, for the trail of its download."""
        if CHILD_REFERENCE not in self.headers:
            return []
        column = self.headers.index(CHILD_REFERENCE)
        return [row[column] for row in self.rows]


# Grouping ---------------------------------------------------------------------

GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "service": ("Service", ("team__service__name",)),
    "area": ("Area", ("team__district__area__name",)),
    "district": ("District", ("team__district__name",)),
    "team": ("Team", ("team__name",)),
    "auditor": ("Auditor", ("auditor__first_name", "auditor__last_name", "auditor__username")),
}
# Names people, so it is offered only to the QA unit.
STAFF_GROUPS = frozenset({"auditor"})


def group_label(group: str, row: dict[str, Any]) -> str:
    if group == "auditor":
        name = f"{row['auditor__first_name']} {row['auditor__last_name']}".strip()
        return name or row["auditor__username"]
    value = row[GROUPS[group][1][0]]
    if value is None:
        return NO_DISTRICT if group in ("area", "district") else "Unknown"
    return str(value)


def cycle_label(row: dict[str, Any]) -> str:
    if row.get("cycle__year") is None:
        return NO_CYCLE
    return f"{row['cycle__year']}-T{row['cycle__number']}"


def cycle_sort(label: str) -> tuple[int, str]:
    return (1, "") if label == NO_CYCLE else (0, label)


def fetch(rows: Any) -> list[dict[str, Any]]:
    """The rows of a values() query as plain dicts (their keys are built at run time)."""
    return list(rows)


def pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
