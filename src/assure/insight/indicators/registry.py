"""The indicator registry: one typed entry per indicator, loaded from YAML.

The engine, the glossary, the API and the exports all read these entries,
so an indicator's meaning is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, cast

import yaml

Unit = Literal["count", "percent", "rate_per_10k", "mean_days"]
Polarity = Literal["higher_better", "lower_better", "neither"]

UNITS: tuple[Unit, ...] = ("count", "percent", "rate_per_10k", "mean_days")
POLARITIES: tuple[Polarity, ...] = ("higher_better", "lower_better", "neither")
BASE_LEVELS = ("la", "team")


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    description: str
    unit: Unit
    polarity: Polarity
    levels: tuple[str, ...]
    definition: str
    # How to compute it (see the header of part_a.yaml).
    list: int | None = None
    requires: tuple[int, ...] = ()
    reads: tuple[str, ...] = ()
    scope: str = "TRUE"
    hit: str | None = None
    days: str | None = None
    distinct: str | None = None
    source: str | None = None
    factor: int = 1

    @property
    def has_teams(self) -> bool:
        return "team" in self.levels


class RegistryError(ValueError):
    pass


def _entry(raw: dict[str, object]) -> Indicator:
    def text(key: str, default: str | None = None) -> str | None:
        value = raw.get(key, default)
        return None if value is None else str(value).strip()

    unit = text("unit")
    polarity = text("polarity")
    ident = text("id") or ""
    if unit not in UNITS:
        raise RegistryError(f"{ident}: unit {unit!r} is not one of {UNITS}")
    if polarity not in POLARITIES:
        raise RegistryError(f"{ident}: polarity {polarity!r} is not one of {POLARITIES}")
    levels = tuple(str(v) for v in cast(list[object], raw.get("levels", ["la"])))
    if "la" not in levels or any(level not in BASE_LEVELS for level in levels):
        raise RegistryError(f"{ident}: levels must include 'la' and be among {BASE_LEVELS}")
    number = raw.get("list")
    list_number = int(cast(int, number)) if number is not None else None
    requires_raw = cast(list[int] | None, raw.get("requires"))
    requires = tuple(int(v) for v in requires_raw) if requires_raw else ()
    if list_number is not None and not requires:
        requires = (list_number,)
    indicator = Indicator(
        id=ident,
        label=text("label") or ident,
        description=text("description") or "",
        unit=cast(Unit, unit),
        polarity=cast(Polarity, polarity),
        levels=levels,
        definition=text("definition") or "",
        list=list_number,
        requires=requires,
        reads=tuple(str(v) for v in cast(list[object], raw.get("reads") or [])),
        scope=text("scope", "TRUE") or "TRUE",
        hit=text("hit"),
        days=text("days"),
        distinct=text("distinct"),
        source=text("from"),
        factor=int(cast(int, raw.get("factor", 1))),
    )
    _check(indicator)
    return indicator


def _check(ind: Indicator) -> None:
    if ind.unit == "rate_per_10k":
        if not ind.source or ind.levels != ("la",):
            raise RegistryError(f"{ind.id}: a rate needs 'from' and is computed at level la only")
        return
    if ind.list is None:
        raise RegistryError(f"{ind.id}: 'list' is required")
    if ind.unit == "percent" and not ind.hit:
        raise RegistryError(f"{ind.id}: a percent needs 'hit'")
    if ind.unit == "mean_days" and not ind.days:
        raise RegistryError(f"{ind.id}: a mean of days needs 'days'")


def load_registry(text: str) -> tuple[Indicator, ...]:
    raw = yaml.safe_load(text)
    if not isinstance(raw, list):
        raise RegistryError("the registry must be a list of indicators")
    entries = tuple(_entry(cast(dict[str, object], item)) for item in raw)
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        raise RegistryError("indicator ids must be unique")
    known = set(ids)
    for entry in entries:
        if entry.source and entry.source not in known:
            raise RegistryError(f"{entry.id}: 'from' names unknown indicator {entry.source}")
    return entries


@lru_cache(maxsize=1)
def part_a() -> tuple[Indicator, ...]:
    """Every Part A indicator, in the order of the definitions."""
    text = resources.files(__package__).joinpath("part_a.yaml").read_text(encoding="utf-8")
    return load_registry(text)


def get(indicator_id: str) -> Indicator:
    for entry in part_a():
        if entry.id == indicator_id:
            return entry
    raise KeyError(indicator_id)
