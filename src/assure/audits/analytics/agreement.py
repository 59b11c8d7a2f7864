"""Calibration: how far moderation agrees with each auditor, and with each service."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from .. import calibration as cal
from ..models import Audit
from .tables import GROUPS, Table, fetch, group_label

# Calibration --------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationRow:
    label: str
    summary: cal.Calibration
    challenged: int


def calibration_rows(audits: QuerySet[Audit], *, by: str) -> list[CalibrationRow]:
    """Agreement, moves and weighted kappa per auditor or per service, in one query."""
    _label, fields = GROUPS[by]
    key_fields = ("auditor_id", *fields) if by == "auditor" else ("team__service_id", *fields)
    rows = fetch(
        audits.exclude(auditor_grade="")
        .exclude(moderated_grade="")
        .values(*key_fields, "auditor_grade", "moderated_grade")
        .annotate(
            n=Count("id"),
            challenged=Count("id", filter=Q(moderation__decision="challenge")),
        )
        .order_by()
    )
    pairs: dict[Any, dict[tuple[str, str], int]] = defaultdict(dict)
    labels: dict[Any, str] = {}
    challenged: dict[Any, int] = defaultdict(int)
    for row in rows:
        ident = row[key_fields[0]]
        labels[ident] = group_label(by, row)
        pairs[ident][(row["auditor_grade"], row["moderated_grade"])] = row["n"]
        challenged[ident] += row["challenged"]
    out = [
        CalibrationRow(labels[ident], cal.summarise(p), challenged[ident])
        for ident, p in pairs.items()
    ]
    out.sort(key=lambda r: r.label.lower())
    return out


def calibration_table(audits: QuerySet[Audit], *, by: str) -> Table:
    label = GROUPS[by][0]
    rows = calibration_rows(audits, by=by)
    flagged = sum(1 for r in rows if r.summary.drifts)
    return Table(
        key=f"calibration-by-{by}",
        title=f"Calibration by {label.lower()}",
        summary=(
            f"For each {label.lower()}: how many audits moderation has graded, how often it kept "
            "the auditor's grade or moved it up or down, and the quadratic-weighted kappa "
            f"between the two grades (1 is perfect agreement, 0 no better than chance). "
            f"{flagged} {'is' if flagged == 1 else 'are'} flagged for drift."
        ),
        headers=(
            label,
            "Moderated",
            "% agreed",
            "% moved up",
            "% moved down",
            "Challenged",
            "Weighted kappa",
            "Drift",
        ),
        rows=[
            (
                r.label,
                r.summary.n,
                r.summary.agreed_pct,
                r.summary.up_pct,
                r.summary.down_pct,
                r.challenged,
                None if r.summary.kappa is None else round(r.summary.kappa, 2),
                r.summary.drift_reason or "",
            )
            for r in rows
        ],
        flags=[r.summary.drifts for r in rows],
    )
