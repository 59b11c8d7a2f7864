"""Publishing the tools in `tools/*.yaml` and finding the current version of each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from .definitions import ToolDefinitionError, parse
from .models import Tool

TOOLS_DIR = Path(__file__).parent / "tools"


def tool_files() -> list[Path]:
    return sorted(TOOLS_DIR.glob("*.yaml"))


def load_file(path: Path) -> dict[str, Any]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    parse(raw, source=path.name)  # refuse a malformed tool before anything is stored
    return raw  # type: ignore[no-any-return]


@transaction.atomic
def tools_publish() -> list[Tool]:
    """Store every tool version not yet published. A published version never changes."""
    published = []
    for path in tool_files():
        raw = load_file(path)
        tool, created = Tool.objects.get_or_create(
            key=raw["key"],
            version=raw["version"],
            defaults={"title": raw["title"], "kind": raw["kind"], "definition": raw},
        )
        if not created and tool.definition != raw:
            raise ToolDefinitionError(
                f"{path.name}: version {raw['version']} of {raw['key']} is already published "
                "and answers may refer to it; give the changed tool a new version number."
            )
        if created:
            published.append(tool)
    return published


def tool_current(key: str) -> Tool:
    tool = Tool.objects.filter(key=key).order_by("-version").first()
    if tool is None:
        tools_publish()
        tool = Tool.objects.filter(key=key).order_by("-version").first()
    if tool is None:
        raise LookupError(f"No tool with the key {key!r} is published.")
    return tool
