"""Reads for the insight pages, exports and API, scoped to the user asking.

Figures come from the stored output rows of the latest snapshot (computed
once after import), so a page costs a fixed handful of queries however many
snapshots have built up. Child-level rows come only through `drilldown_rows`,
which asks `policy.team_figures` whose children they are; below the
authority's level, counts of 1 to 4 reach only those who may see children
(`shown_rows`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError
from django.db.models import QuerySet

from assure.core import trail
from assure.core.models import AuditEvent
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.org.models import Team
from assure.reports.suppression import FEWER_THAN, Shown, suppress_small

from .indicators import Indicator, IndicatorRow, part_a
from .indicators.drilldown import ChildRow, rows_behind
from .models import (
    AnnexAImportJob,
    AnnexASnapshot,
    IndicatorRun,
    IndicatorValue,
    TeamNameMapping,
)
from .policy import team_figures
from .tasks import LATEST_CACHE_KEY, indicator_values_compute
from .team_mapping import TeamMatch, match_teams, team_key

log = logging.getLogger(__name__)

LEVELS: tuple[tuple[str, str], ...] = (
    ("la", "Authority"),
    ("area", "Area"),
    ("district", "District"),
    ("service", "Service"),
    ("team", "Team"),
)
LEVEL_LABELS = dict(LEVELS)
UNIT_LABELS = {
    "count": "Count",
    "percent": "Percentage",
    "rate_per_10k": "Rate per 10,000 children",
    "mean_days": "Mean days",
}
POLARITY_LABELS = {
    "higher_better": "Higher is better",
    "lower_better": "Lower is better",
    "neither": "Neither higher nor lower is better",
    "higher_is_better": "Higher is better",
    "lower_is_better": "Lower is better",
}


def registry() -> dict[str, Indicator]:
    return {ind.id: ind for ind in part_a()}


# ------------------------------------------------------------------ snapshots


def latest_snapshot() -> AnnexASnapshot | None:
    """The newest imported snapshot, with its stored indicators (one query)."""
    return (
        AnnexASnapshot.objects.filter(status=AnnexASnapshot.Status.IMPORTED)
        .select_related("indicator_run")
        .order_by("-as_of", "-imported_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class LatestSummary:
    as_of: date
    source_filename: str


def latest_summary() -> LatestSummary | None:
    """For the home page: the latest snapshot's date, cached for a minute."""
    cached = cache.get(LATEST_CACHE_KEY)
    if cached is not None:
        return cached or None
    snapshot = (
        AnnexASnapshot.objects.filter(status=AnnexASnapshot.Status.IMPORTED)
        .order_by("-as_of", "-imported_at", "-pk")
        .only("as_of", "source_filename")
        .first()
    )
    summary = LatestSummary(snapshot.as_of, snapshot.source_filename) if snapshot else None
    cache.set(LATEST_CACHE_KEY, summary or False, 60)
    return summary


def run_for(snapshot: AnnexASnapshot | None) -> IndicatorRun | None:
    """The snapshot's stored indicators; computed here once if the import did not.

    (A snapshot imported from the command line has none until first asked.)
    """
    if snapshot is None:
        return None
    try:
        return snapshot.indicator_run
    except IndicatorRun.DoesNotExist:
        pass
    if not snapshot.directory.is_dir():
        return None
    try:
        return indicator_values_compute(snapshot=snapshot)
    except IntegrityError:  # computed at the same moment by another request
        return IndicatorRun.objects.filter(snapshot=snapshot).first()


def current_run() -> IndicatorRun | None:
    snapshot = latest_snapshot()
    run = run_for(snapshot)
    if run is not None and snapshot is not None:
        run.snapshot = snapshot  # saves a query for run.snapshot
    return run


# ------------------------------------------------------------------ figures


def _as_row(run: IndicatorRun, v: IndicatorValue, units: Mapping[str, str]) -> IndicatorRow:
    value: int | float | None = v.value
    if value is not None and units.get(v.indicator) == "count":
        value = int(value)
    return {
        "indicator": v.indicator,
        "level": v.level,
        "unit": v.unit,
        "as_of": run.snapshot.as_of.isoformat(),
        "window_start": run.window_start.isoformat(),
        "window_end": run.window_end.isoformat(),
        "numerator": v.numerator,
        "denominator": v.denominator,
        "value": value,
    }


def indicator_rows(
    run: IndicatorRun | None,
    *,
    indicator: str | None = None,
    level: str | None = None,
    unit: str | None = None,
) -> list[IndicatorRow]:
    """Output rows (indicators.md) of a run, optionally filtered. One query."""
    if run is None:
        return []
    qs: QuerySet[IndicatorValue] = IndicatorValue.objects.filter(run=run)
    if indicator:
        qs = qs.filter(indicator=indicator)
    if level:
        qs = qs.filter(level=level)
    if unit:
        qs = qs.filter(unit=unit)
    units = {ind.id: ind.unit for ind in part_a()}
    order = {ind.id: i for i, ind in enumerate(part_a())}
    levels = {key: i for i, (key, _) in enumerate(LEVELS)}
    rows = [_as_row(run, v, units) for v in qs.order_by("pk")]
    rows.sort(key=lambda r: (order.get(r["indicator"], 999), levels.get(r["level"], 9), r["unit"]))
    return rows


def shown_row(row: IndicatorRow, *, small_numbers: bool) -> tuple[IndicatorRow, Shown]:
    """The row as its reader may see it: below the authority's level, without counts of 1 to 4
    unless the reader sees children (the DfE convention; `reports.suppression`)."""
    shown = Shown(row["numerator"], row["denominator"], row["value"])
    if small_numbers or row["level"] == "la":
        return row, shown
    shown = suppress_small(row["numerator"], row["denominator"], row["value"])
    if not shown.suppressed:
        return row, shown
    withheld: IndicatorRow = {
        **row,
        "numerator": shown.numerator,
        "denominator": shown.denominator,
        "value": shown.value,
    }
    return withheld, shown


def shown_rows(user: Any, rows: Iterable[IndicatorRow]) -> list[IndicatorRow]:
    """Output rows for pages, exports and the API, small numbers withheld from those who may
    not see children."""
    small = team_figures.sees_small_numbers(user)
    return [shown_row(r, small_numbers=small)[0] for r in rows]


@dataclass
class Figure:
    """An output row with its registry entry, for templates."""

    row: IndicatorRow
    indicator: Indicator
    team: Team | None = None
    drillable: bool = False
    shown: Shown | None = None

    @property
    def suppressed(self) -> bool:
        return bool(self.shown and self.shown.suppressed)

    def _part(self, value: int | None, withheld: bool) -> str:
        return FEWER_THAN if withheld else ("" if value is None else f"{value:,}")

    @property
    def value_text(self) -> str:
        if self.suppressed:
            return FEWER_THAN if self.indicator.unit == "count" else "Withheld"
        value = self.row["value"]
        return "No value" if value is None else str(value)

    @property
    def numerator_text(self) -> str:
        withheld = self.shown is not None and self.shown.numerator_withheld
        return self._part(self.row["numerator"], withheld)

    @property
    def denominator_text(self) -> str:
        withheld = self.shown is not None and self.shown.denominator_withheld
        return self._part(self.row["denominator"], withheld)

    @property
    def unit_label(self) -> str:
        return UNIT_LABELS.get(self.indicator.unit, self.indicator.unit)

    @property
    def polarity_label(self) -> str:
        return POLARITY_LABELS.get(self.indicator.polarity, self.indicator.polarity)


def la_figures(run: IndicatorRun | None) -> list[Figure]:
    reg = registry()
    return [
        Figure(row, reg[row["indicator"]])
        for row in indicator_rows(run, level="la")
        if row["indicator"] in reg
    ]


def indicator_figures(
    user: Any, run: IndicatorRun | None, ind: Indicator
) -> dict[str, list[Figure]]:
    """Every level's rows of one indicator; team rows carry their org team and
    whether this user may open the children behind them."""
    rows = indicator_rows(run, indicator=ind.id)
    small = team_figures.sees_small_numbers(user)
    out: dict[str, list[Figure]] = {key: [] for key, _ in LEVELS}
    team_names = [r["unit"] for r in rows if r["level"] == "team"]
    matches = {m.name: m for m in match_teams(team_names)} if team_names else {}
    for row in rows:
        shown_as, shown = shown_row(row, small_numbers=small)
        figure = Figure(shown_as, ind, shown=shown)
        if row["level"] == "team":
            match = matches.get(row["unit"])
            figure.team = match.team if match else None
            figure.drillable = bool(figure.team and team_figures.may_drill_into(user, figure.team))
        out.setdefault(row["level"], []).append(figure)
    return out


def latest_figures_by_id(run: IndicatorRun | None) -> dict[str, IndicatorRow]:
    """The authority-level rows of the latest snapshot, by indicator id."""
    return {r["indicator"]: r for r in indicator_rows(run, level="la")}


# ------------------------------------------------------------------ child level


def drillable_team(user: Any, team_id: int) -> Team | None:
    """The team, if this user may see the children behind its figures; None otherwise."""
    if not has_perm(user, Perm.VIEW_CASES):
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None or not team_figures.may_drill_into(user, team):
        return None
    return team


def annex_names_for_team(team: Team, names: list[str]) -> list[str]:
    """The Annex A team names (of those given) that stand for `team`."""
    return [m.name for m in match_teams(names) if m.team is not None and m.team.pk == team.pk]


def team_names(run: IndicatorRun | None) -> list[str]:
    """The (normalised) team names of a run's snapshot. One query."""
    if run is None:
        return []
    names = (
        IndicatorValue.objects.filter(run=run, level="team")
        .order_by()
        .values_list("unit", flat=True)
        .distinct()
    )
    return sorted(set(names), key=str.casefold)


def drilldown_rows(user: Any, run: IndicatorRun, ind: Indicator, team: Team) -> list[ChildRow]:
    """The rows behind a team's figure: the children of the cases Assure allocates to the
    team that `user` may see, never the rows the file's team or worker names point at.

    Showing children's references is a read of child-level records: it is trailed
    here, where it is read, so every page or export that asks is recorded alike."""
    rows = rows_behind(
        run.snapshot.directory,
        as_of=run.snapshot.as_of,
        indicator=ind,
        children=team_figures.children_behind(user, team),
    )
    trail.record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        summary=(
            f"Viewed the {len(rows)} children behind {ind.id} for {team.name} "
            f"(Annex A as at {run.snapshot.as_of.isoformat()})"
        ),
        object_type="insight.indicator",
        object_id=ind.id,
        changes={"child_refs": sorted({r.child_ref for r in rows})[:200]},
    )
    return rows


# ------------------------------------------------------------------ imports and mapping


def import_jobs() -> QuerySet[AnnexAImportJob]:
    return AnnexAImportJob.objects.select_related("created_by", "snapshot")


def team_matches(run: IndicatorRun | None) -> list[TeamMatch]:
    """Every team name in the latest snapshot, matched or not."""
    names = team_names(run)
    return match_teams(names) if names else []


def manual_mappings() -> QuerySet[TeamNameMapping]:
    return TeamNameMapping.objects.select_related("team")


def mapping_for(name: str) -> TeamNameMapping | None:
    return TeamNameMapping.objects.filter(key=team_key(name)).first()
