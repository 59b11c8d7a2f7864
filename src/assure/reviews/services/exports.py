"""What leaves Assure as a document is in the trail."""

from __future__ import annotations

from typing import Any

from assure.core import trail
from assure.core.models import AuditEvent


def pack_download_record(
    *, actor: Any, unit_pk: int | None, unit_name: str, quarter: str, fmt: str
) -> None:
    """A District Quarterly Accountability pack downloaded as a Word document or a PDF."""
    trail.record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="reviews.pack",
        object_id=f"{unit_pk}:{quarter}",
        summary=f"Downloaded the accountability pack for {unit_name}, {quarter} ({fmt})",
    )


def dashboard_download_record(
    *, actor: Any, unit_key: str, unit_name: str, quarter: str, fmt: str, tables: list[str]
) -> None:
    """The chairs' dashboard's tables downloaded as CSV or Excel (figures only, no child)."""
    trail.record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="reviews.dashboard",
        object_id=f"{unit_key}:{quarter}"[:60],
        summary=(
            f"Downloaded the chairs' dashboard for {unit_name}, {quarter}: "
            f"{', '.join(tables)} ({fmt})"
        )[:300],
    )
