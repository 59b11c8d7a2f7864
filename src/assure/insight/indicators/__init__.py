"""Indicators as data (the registry) and the DuckDB engine that computes them."""

from .engine import (
    COLUMNS,
    Engine,
    IndicatorRow,
    Window,
    compute_indicators,
    normalise_team,
    round_half_away,
    window,
    write_csv,
    write_json,
)
from .registry import Indicator, RegistryError, get, load_registry, part_a

__all__ = [
    "COLUMNS",
    "Engine",
    "Indicator",
    "IndicatorRow",
    "RegistryError",
    "Window",
    "compute_indicators",
    "get",
    "load_registry",
    "normalise_team",
    "part_a",
    "round_half_away",
    "window",
    "write_csv",
    "write_json",
]
