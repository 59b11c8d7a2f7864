"""The shared snapshot and cache code of the visual report and the trends.

A snapshot's figures are its stored output rows (the run the import left),
or, for a snapshot imported from the command line, computed once and kept
in Django's cache. Cache keys change whenever a snapshot is imported,
withdrawn or recomputed, or the authority's code or population changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.core.cache import cache

from ..indicators import compute_indicators
from ..models import AnnexASnapshot, IndicatorRun, IndicatorValue
from ..services import configured_la_code, configured_population

CACHE_VERSION = "r2"
CACHE_SECONDS = 24 * 3600

# (numerator, denominator, value) of one output row.
Figure = tuple[int | None, int | None, float | int | None]
Values = dict[tuple[str, str, str], Figure]


def run_of(snapshot: AnnexASnapshot) -> IndicatorRun | None:
    try:
        return snapshot.indicator_run
    except IndicatorRun.DoesNotExist:
        return None


def snapshot_key(snapshot: AnnexASnapshot, run: IndicatorRun | None) -> str:
    stamp = run.computed_at.isoformat() if run is not None else "live"
    raw = (
        f"{snapshot.pk}:{snapshot.storage_path}:{stamp}:"
        f"{configured_la_code()}:{configured_population()}"
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def set_signature(snapshots: Sequence[AnnexASnapshot]) -> str:
    parts = [snapshot_key(s, run_of(s)) for s in snapshots]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def snapshot_values(snapshot: AnnexASnapshot) -> Values:
    """Every output row of a snapshot: the stored run when there is one, else computed.

    A computed result is cached (the stored run is what imports through the
    upload page leave, and is read straight from the table).
    """
    run = run_of(snapshot)
    if run is not None:
        return {
            (i, lv, u): (n, d, v)
            for i, lv, u, n, d, v in IndicatorValue.objects.filter(run=run).values_list(
                "indicator", "level", "unit", "numerator", "denominator", "value"
            )
        }
    key = f"insight:{CACHE_VERSION}:values:{snapshot_key(snapshot, None)}"
    found: Values | None = cache.get(key)
    if found is not None:
        return found
    values: Values = {}
    if snapshot.directory.is_dir():
        rows = compute_indicators(
            snapshot.directory,
            as_of=snapshot.as_of,
            la_code=configured_la_code(),
            population=configured_population(),
        )
        values = {
            (r["indicator"], r["level"], r["unit"]): (r["numerator"], r["denominator"], r["value"])
            for r in rows
        }
    cache.set(key, values, CACHE_SECONDS)
    return values


def la_figures(values: Values) -> dict[str, Figure]:
    return {ind: fig for (ind, level, _unit), fig in values.items() if level == "la"}


def other_units(values: Values) -> list[tuple[str, str]]:
    return sorted({(lv, u) for (_i, lv, u) in values if lv != "la"})


def monthly_snapshots() -> list[AnnexASnapshot]:
    """One imported snapshot a month (its latest as-of, then latest import), oldest first."""
    chosen: dict[tuple[int, int], AnnexASnapshot] = {}
    for snap in (
        AnnexASnapshot.objects.filter(status=AnnexASnapshot.Status.IMPORTED)
        .select_related("indicator_run")
        .order_by("as_of", "imported_at", "pk")
    ):
        chosen[(snap.as_of.year, snap.as_of.month)] = snap
    return sorted(chosen.values(), key=lambda s: s.as_of)
