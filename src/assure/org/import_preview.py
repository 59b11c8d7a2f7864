"""An upload is previewed before anything is saved, then loaded whole or not at all.

The preview runs the real import inside a transaction that is then rolled
back, so what it shows (what would be created, changed and given, row by row,
and every refused row) is exactly what the import would do, by the same code.
The file waits under the var directory (readable by the service only) until
the administrator confirms it or it is replaced.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from assure.core.models import AuditEvent

from .csv_import import staff_import, structure_import
from .csv_read import ImportOutcome

IMPORTERS = {"structure": structure_import, "staff": staff_import}


@dataclass
class PreviewLine:
    what: str  # a person's username or a team's name
    result: str  # what would happen to it, in words


@dataclass
class Preview:
    kind: str
    outcome: ImportOutcome
    lines: list[PreviewLine] = field(default_factory=list)


def _lines(kind: str, changes: dict[str, Any]) -> list[PreviewLine]:
    out: list[PreviewLine] = []
    if kind == "staff":
        for username, entry in sorted(changes.get("people", {}).items()):
            parts = ["added" if entry.get("added") else "already here"]
            if entry.get("roles_given"):
                parts.append("given " + ", ".join(entry["roles_given"]))
            if entry.get("roles_asked"):
                parts.append("asked for " + ", ".join(entry["roles_asked"]) + " (needs approval)")
            out.append(PreviewLine(username, "; ".join(parts)))
    else:
        for name in changes.get("teams_created", []):
            out.append(PreviewLine(name, "new team"))
        for name, moved in sorted(changes.get("teams_moved", {}).items()):
            fields = ", ".join(f"{f} from {a} to {b}" for f, (a, b) in moved.items())
            out.append(PreviewLine(name, f"moved: {fields}"))
    return out


def preview(*, actor: Any, kind: str, data: bytes) -> Preview:
    """What importing `data` would do; nothing is saved."""
    with transaction.atomic():
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        outcome = IMPORTERS[kind](actor=actor, text=data)
        event = (
            AuditEvent.objects.filter(id__gt=last, action=AuditEvent.Action.IMPORT)
            .order_by("-id")
            .first()
        )
        changes = dict(event.changes) if event is not None else {}
        transaction.set_rollback(True)
    return Preview(kind=kind, outcome=outcome, lines=_lines(kind, changes) if outcome.ok else [])


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads" / "previews"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def stash(data: bytes) -> str:
    """Keep the previewed file until it is confirmed; returns its token."""
    token = secrets.token_urlsafe(16)
    path = _folder() / f"{token}.csv"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return token


def unstash(token: str) -> bytes | None:
    """The previewed file, removed as it is taken; None when there is none."""
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        return None
    path = _folder() / f"{token}.csv"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    path.unlink(missing_ok=True)
    return data
