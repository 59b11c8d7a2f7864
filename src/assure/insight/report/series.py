"""Each Part A indicator month by month across the imported snapshots, for the trends."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.cache import cache

from assure.reports.suppression import suppress_small

from ..indicators import part_a
from ..models import IndicatorValue
from .snapshots import (
    CACHE_SECONDS,
    CACHE_VERSION,
    Figure,
    monthly_snapshots,
    other_units,
    run_of,
    set_signature,
    snapshot_values,
)


@dataclass(frozen=True)
class SeriesPoint:
    snapshot_id: int
    as_of: date
    numerator: int | None
    denominator: int | None
    value: float | int | None


@dataclass(frozen=True)
class SeriesSet:
    level: str
    unit: str | None
    snapshots: tuple[tuple[int, date], ...]
    series: dict[str, tuple[SeriesPoint, ...]] = field(default_factory=dict)
    units: tuple[tuple[str, str], ...] = ()  # (level, unit) choices in the latest snapshot
    signature: str = ""  # changes whenever any figure behind the series may have changed


def indicator_series(*, level: str = "la", unit: str | None = None) -> SeriesSet:
    """Every Part A indicator month by month at one level (`la`, or e.g. `team` and its name)."""
    snapshots = monthly_snapshots()
    key = (
        f"insight:{CACHE_VERSION}:series:{set_signature(snapshots)}:"
        + hashlib.sha256(f"{level}\x00{unit}".encode()).hexdigest()[:16]
    )
    found: SeriesSet | None = cache.get(key)
    if found is not None:
        return found
    points: dict[str, list[SeriesPoint]] = {ind.id: [] for ind in part_a()}
    stored = [s for s in snapshots if run_of(s) is not None]
    by_snapshot: dict[int, dict[str, Figure]] = {}
    if stored:
        query = IndicatorValue.objects.filter(run__snapshot__in=[s.pk for s in stored], level=level)
        if level != "la":
            query = query.filter(unit=unit or "")
        for sid, ind, n, d, v in query.values_list(
            "run__snapshot_id", "indicator", "numerator", "denominator", "value"
        ):
            by_snapshot.setdefault(sid, {})[ind] = (n, d, v)
    for snap in snapshots:
        if run_of(snap) is None:
            values = snapshot_values(snap)
            by_snapshot[snap.pk] = {
                ind: fig
                for (ind, lv, u), fig in values.items()
                if lv == level and (level == "la" or u == unit)
            }
    for snap in snapshots:
        figures = by_snapshot.get(snap.pk, {})
        for ind_id, pts in points.items():
            n, d, v = figures.get(ind_id, (None, None, None))
            pts.append(SeriesPoint(snap.pk, snap.as_of, n, d, v))
    units: list[tuple[str, str]] = []
    if snapshots:
        latest = snapshots[-1]
        if run_of(latest) is not None:
            units = sorted(
                set(
                    IndicatorValue.objects.filter(run__snapshot=latest)
                    .exclude(level="la")
                    .values_list("level", "unit")
                )
            )
        else:
            units = other_units(snapshot_values(latest))
    result = SeriesSet(
        level=level,
        unit=unit,
        snapshots=tuple((s.pk, s.as_of) for s in snapshots),
        series={k: tuple(v) for k, v in points.items()},
        units=tuple(units),
        signature=key,
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


def withhold_small(series: SeriesSet) -> SeriesSet:
    """The series with every month resting on a count of 1 to 4 withheld (for a team or
    district, read by someone who may not see children)."""

    def shown(point: SeriesPoint) -> SeriesPoint:
        found = suppress_small(point.numerator, point.denominator, point.value)
        if not found.suppressed:
            return point
        return replace(point, numerator=found.numerator, denominator=found.denominator, value=None)

    return replace(
        series,
        series={key: tuple(shown(p) for p in points) for key, points in series.series.items()},
        signature=f"{series.signature}:withheld",
    )
