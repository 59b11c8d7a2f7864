"""The demo builds on Assure; nothing in Assure builds on the demo."""

from __future__ import annotations

import ast
from pathlib import Path

import assure

SRC = Path(assure.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_domain_app_imports_demo_code() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).parts[0] != "demo"
        and any(name == "assure.demo" or name.startswith("assure.demo.") for name in _imports(path))
    ]
    assert offenders == []
    # The demo's old homes inside the domain apps are gone.
    assert not [p for p in SRC.glob("*/demo.py")]
