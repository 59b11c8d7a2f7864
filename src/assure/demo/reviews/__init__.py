"""A year of chairs' QA for the demo county (`load`), its alert histories (`alerts`)
and what chairs write (`texts`)."""

from __future__ import annotations

from .load import reviews_demo_load

__all__ = ["reviews_demo_load"]
