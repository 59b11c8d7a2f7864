"""The authority's name and the demonstration banner, from its settings once set up."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import settings_reader


def authority(request: HttpRequest) -> dict[str, Any]:
    return {
        "authority_name": settings_reader.authority_name(),
        "demo_mode": settings_reader.is_demonstration(),
    }
